"""A topic's poll, as 1.1, 2.0 and 2.1 print it above the posts.

  2.0  <div id="poll"> … <h4 id="pollquestion">Q</h4> <dl class="options">
       <dt>option</dt><dd class="statsbar">… <span class="percentage">3 (60%)</span></dd> …
       <p><strong>Total Members Voted:</strong> 5</p>
  2.1  the same, the question in the bar: <div id="poll"><h3 class="catbg">… Q</h3>
  1.1  a table: <td class="titlebg"><img …/topic/normal_poll.gif> Poll</td>, then
       "Question:" and Q, one row per option (label cell, bar cell "3 (60%)"),
       "Total Voters: 5"
Where guests may vote but not see results, options are a form without votes
(`<label>` per option). "Voting closes: <date>" / "Voting closed: <date>"
give the expiry; a locked poll has the *_locked icon.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..models import Poll, PollOption
from .common import clean, to_int

_VOTES = re.compile(r"^(?P<votes>\d[\d,.\s\xa0']*?)\s*\(\s*\d+(?:[.,]\d+)?\s*%\s*\)$")
_VOTERS = re.compile(r"Total\s+(?:Members\s+Voted|Voters)\s*:?\s*(?P<n>\d[\d,.\xa0']*)", re.IGNORECASE)
_EXPIRY = re.compile(
    r"""Voting\s+(?P<state>closes|closed)   # $txt['poll_expires_on'] / ['poll_expired_on']
        \s*:?\s*(?P<when>[^\n]*?)\s*$       # the date, as printed
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
_QUESTION_11 = re.compile(r"^\s*Question:\s*", re.IGNORECASE)


def parse_poll(tree: LexborHTMLParser, *, when: Callable[[str], datetime | None]) -> Poll | None:
    """The poll shown on a topic page, or None."""
    box = tree.css_first("#poll")
    if box is not None:
        return _poll_2x(box, when)
    icon = tree.css_first('td.titlebg img[src*="/topic/normal_poll"]')
    if icon is not None and icon.parent is not None and icon.parent.parent is not None:
        table = icon.parent.parent.parent
        return _poll_11(table, icon, when) if table is not None else None
    return None


def _lines(node: LexborNode) -> str:
    return node.text(separator="\n")


def _finish(question: str, options: list[PollOption], text: str, locked: bool, when) -> Poll | None:
    if not question or not options:
        return None
    voters = _VOTERS.search(text)
    expiry = _EXPIRY.search(text)
    raw = clean(expiry.group("when")) if expiry and expiry.group("when") else None
    return Poll(
        question=question,
        options=tuple(options),
        voters=to_int(voters.group("n")) if voters else None,
        closed=locked or bool(expiry and expiry.group("state").lower() == "closed"),
        expires_at=when(raw) if raw else None,
        expires_at_raw=raw,
    )


def _votes(text: str) -> int | None:
    m = _VOTES.match(clean(text))
    return to_int(m.group("votes")) if m else None


def _poll_2x(box: LexborNode, when) -> Poll | None:
    question_node = box.css_first("#pollquestion") or box.css_first("h3.catbg")
    question = clean(question_node.text()) if question_node is not None else ""
    options = []
    for dt in box.css("dl.options dt"):
        dd = dt.next
        while dd is not None and dd.tag not in ("dd", "dt"):
            dd = dd.next
        share = dd.css_first("span.percentage") if dd is not None and dd.tag == "dd" else None
        options.append(PollOption(label=clean(dt.text()), votes=_votes(share.text()) if share is not None else None))
    if not options:  # the voting form: labels only
        options = [PollOption(label=clean(label.text())) for label in box.css("ul.options label")]
    icons = " ".join((n.attributes.get("src") or n.attributes.get("class") or "") for n in box.css("h3 img, h3 span"))
    return _finish(question, options, _lines(box), "locked" in icons, when)


def _poll_11(table: LexborNode, icon: LexborNode, when) -> Poll | None:
    question = ""
    options = []
    for cell in table.css("td.windowbg"):
        text = clean(cell.text())
        if text.lower() == "question:":
            continue
        first = cell.child
        # The question is the cell's own text before its nested table.
        while first is not None and first.tag != "table":
            if first.tag == "-text":
                question = clean(f"{question} {first.text_content or ''}")
            first = first.next
        question = _QUESTION_11.sub("", question)
        for row in cell.css("tr"):
            tds = row.css("td")
            if len(tds) == 2 and row.css_first("img[src*='poll_']") is not None:
                options.append(PollOption(label=clean(tds[0].text()), votes=_votes(tds[1].text())))
        if not options:
            options = [PollOption(label=clean(label.text())) for label in cell.css("label")]
        if question:
            break
    locked = "locked" in (icon.attributes.get("src") or "")
    return _finish(question, options, _lines(table), locked, when)
