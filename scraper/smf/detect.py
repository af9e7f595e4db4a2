"""What a page is: not SMF, one of SMF's error pages, or which SMF version and page kind.

SMF serves its error pages with HTTP 200, so the status says nothing. The
strings below are SMF's own (English language pack):
  - Errors.php display_db_error(): <title>Connection Problems</title>,
    "Sorry, SMF was unable to connect to the database. ..." (a bare page);
    db_fatal_error() shows the fatal-error template titled "Database Error".
  - display_loadavg_error(): "Temporarily Unavailable" (bare page).
  - maintenance: the Login template's <div id="maintenance_mode">, or with
    $maintenance = 2 a bare page <title>$mtitle</title><h3>$mtitle</h3>.
  - Errors.template.php template_fatal_error(): <div id="fatal_error">,
    title "An Error Has Occurred!".
  - Login.template.php kick_guest: <form id="frmLogin">, with
    $txt['topic_gone'] "The topic or board you are looking for appears to be
    either missing or off limits to you." for missing or hidden boards/topics.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from ..errors import ForumErrorPage, NotSMF
from .common import clean
from .layout import Layout
from .v11 import LAYOUT as V11
from .v20 import LAYOUT as V20
from .v21 import LAYOUT as V21

# Anything that only an SMF page carries.
_SMF_MARKERS = re.compile(
    r"""var\s+smf_(?:scripturl|theme_url)     # the script globals every theme prints
    | simplemachines\.org                      # the copyright footer
    | >\s*SMF\s+\d\.\d                         # "SMF 2.0" / "SMF 2.1.4" in the footer
    """,
    re.VERBOSE,
)
_VERSION = re.compile(r">\s*SMF\s+(?P<version>\d\.\d)")
_DB_ERROR = re.compile(r"SMF was unable to connect to the database|<title>\s*Connection Problems", re.I)
_LOAD_AVG = re.compile(r"<title>\s*Temporarily Unavailable\s*</title>", re.I)
_BARE_TITLE = re.compile(r"<title>\s*(?P<title>[^<]*?)\s*</title>.*?<h3>\s*(?P<h3>[^<]*?)\s*</h3>", re.I | re.S)
_OFF_LIMITS = "missing or off limits"


def check_error_page(tree: LexborHTMLParser, html: str, url: str) -> None:
    """Raise ForumErrorPage if this is one of SMF's error pages."""
    smf_layout = _SMF_MARKERS.search(html) is not None
    if not smf_layout:
        # The bare pages SMF prints before it can load a theme.
        if _DB_ERROR.search(html):
            raise ForumErrorPage(url, "database_error", _body_text(tree))
        if _LOAD_AVG.search(html):
            raise ForumErrorPage(url, "maintenance", _body_text(tree))
        bare = _BARE_TITLE.search(html)
        if bare and bare.group("title") == bare.group("h3") and "maintenance" in html.lower():
            raise ForumErrorPage(url, "maintenance", _body_text(tree))
        return
    if tree.css_first("#maintenance_mode") is not None:
        raise ForumErrorPage(url, "maintenance", clean(tree.css_first("#maintenance_mode").text()))
    fatal = tree.css_first("#fatal_error")
    if fatal is not None:
        title = clean(fatal.css_first("h3").text()) if fatal.css_first("h3") else ""
        message = clean(fatal.text())
        if title.lower() == "database error":
            raise ForumErrorPage(url, "database_error", message)
        if _OFF_LIMITS in message:
            raise ForumErrorPage(url, "missing_or_off_limits", message)
        raise ForumErrorPage(url, "error", message)
    login = tree.css_first("#frmLogin")
    if login is not None:
        info = login.css_first("p.information")
        if info is None:  # 1.1 writes the reason in the login table's first cell
            info = login.css_first("td.windowbg")
        message = clean(info.text()) if info is not None else ""
        if _OFF_LIMITS in message:
            raise ForumErrorPage(url, "missing_or_off_limits", message)
        raise ForumErrorPage(url, "login_required", message)


def _body_text(tree: LexborHTMLParser) -> str:
    body = tree.body
    return clean(body.text()) if body is not None else ""


def detect_layout(tree: LexborHTMLParser, html: str, url: str) -> Layout:
    """Return the selector table for this page's SMF version, or raise NotSMF."""
    if not _SMF_MARKERS.search(html):
        raise NotSMF(url, "no SMF script globals or copyright")
    m = _version(html)
    if m and m.group("version") in ("2.0", "2.1"):
        return V20 if m.group("version") == "2.0" else V21
    if m and m.group("version") == "1.1":
        return V11
    if tree.css_first("#quickModForm, div.tborder") is not None and tree.css_first("#forumposts, #footerfix, #wrapper") is None:
        return V11  # 1.1's tables, its copyright themed away
    # The copyright may be themed away: tell the themes apart by their markup.
    if tree.css_first("#footerfix") is not None or 'class="main_icons' in html:
        return V21
    return V20


def is_smf11(html: str) -> bool:
    """Does the page say it is SMF 1.1 ("Powered by SMF 1.1.11")?"""
    m = _version(html)
    return m is not None and m.group("version") == "1.1"


def _version(html: str) -> re.Match[str] | None:
    """_VERSION.search(html), found from the rare "SMF" rather than from every ">"."""
    at = html.find("SMF")
    while at >= 0:
        start = at
        while start > 0 and html[start - 1].isspace():
            start -= 1
        if start > 0 and html[start - 1] == ">":
            m = _VERSION.match(html, start - 1)
            if m:
                return m
        at = html.find("SMF", at + 3)
    return None


def detect_kind(tree: LexborHTMLParser) -> str | None:
    """Return "topic", "message_index" or "board_index" (None: some other SMF page)."""
    if tree.css_first("#forumposts") is not None:
        return "topic"
    if tree.css_first("#messageindex") is not None:
        return "message_index"
    if tree.css_first("#boardindex_table") is not None:
        return "board_index"
    return None
