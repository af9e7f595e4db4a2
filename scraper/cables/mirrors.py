"""What mirrors and exports wrap around a cable: the lines a user copies with it.

Pure. Users copy cables from mirrors, database exports and mail archives as those show
them, and the pages' own furniture comes along. Read on the corpus (whose bodies were
themselves scraped from such mirrors), the furniture is of a few kinds, each a general
convention of one kind of source, never of one cable:

- tops: the metadata fields flattened onto one line or split over short lines in any
  order of separators (``89055 2006-12-11 21:41:00 06MEXICO6871 Embassy Mexico
  CONFIDENTIAL``, ``<<249839>>`` ids, a CSV row whose front was cut off); State's office
  distribution block (``INFO LOG-00 AF-00 ...``); an e-mail's header (``From:`` /
  ``Sent:`` / ``Subject: TRIPOLI 00000248 P SE 21-MAR-08 ...``); a cable database's
  export banner (``... From DB/Inbox: Search Results``); a ``Telegram`` prefix glued to the
  classification line; an old teletype ``PAGE 01`` line; a ``CLASSIFICATION:`` field;
- trailers, after a cable's own end: an old-style ID line (``2005CARACA02404 -
  CONFIDENTIAL``), the viewer's ``ID: 187536`` line, the HTML or SQL of the page that held
  it (``</td></tr>``, ``SELECT * FROM `cable` ...``), a listing's columns after the signer
  (``STEVENS 0 02/15/2008``), a preview of the cable's top cut with an ellipsis, a
  newspaper partner's line of the cable's tags at its name (``EPET @ EL PAÍS``).

``anchors`` finds the tops with these; ``ends`` extends a cable over the trailers.
"""

from __future__ import annotations

import re

from .header import DATE_LINE_RE

_SEP = r"[ \t\xa0\r\n,\"]"  # between the fields of a flattened or cut metadata block
_ORIGIN_WORDS = r"(?:Embassy|Consulate|Secretary|Mission|USUN|US|USEU|UNVIE|USNATO|American|Iran|REO|Office)"

# The metadata fields as mirrors lay them out when not one per line (META_RE's form) nor a
# whole CSV row (CSV_ROW_RE): flattened onto one line, tab-separated, split by blank lines,
# or a CSV row cut at its front. The order is always the published one: internal id,
# created, ID, origin, classification (cablemap reads the same fields in the same order).
def _meta_loose(timed: bool) -> re.Pattern:
    time = "" if timed else "?"  # the created time: required, or optional
    cut = "" if timed else r"| [0-9]{1,2}:[0-9]{2},"  # a CSV row cut inside its date ("14:34,")
    created = "" if timed else "?"  # the created field itself
    # A locale's dotted date ("12.02.2009 11:16", the viewer's export): a top to find, but
    # no time to read (its day and month order is the locale's).
    dotted = "" if timed else r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}"
    return re.compile(
        rf"""
        [ \t\xa0]*(?:\[code\]|)
        (?:(?:<<(?P<iid>[0-9]{{1,7}})>>|[0-9]{{1,7}}){_SEP}{{1,4}})?    # internal id (<<249839>>: a viewer's)
        (?:(?P<created>(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}{dotted})   # created: ISO, M/D/YYYY
             (?:[ \t\xa0]+[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?){time}){_SEP}{{1,4}} {cut}){created}
        (?P<ref>[0-9]{{2}}[ ]?[A-Z]{{3,30}}[ ]?[0-9]{{1,7}})               # the ID ("10 BUENOSAIRES 91" too)
        {_SEP}{{1,6}}
        (?P<origin>{_ORIGIN_WORDS}\b[^\n\t,"]{{0,60}}?(?:,[ ][A-Z][a-z]+)?)   # Embassy Mexico; US Delegation, Secretary
        [ \t\xa0]*{_SEP}{{1,6}}
        (?P<cls>(?i:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?:[/ ]{{1,2}}[A-Za-z ]{{1,30}}?)?)   # SECRET//NOFORN, SECREt NOFORN
        [ \t\xa0]*(?=[,\t\r\n|"]|[ ][0-9]{{2}}[ ]?[A-Z]{{3}}|[ ]VZCZC|$)   # a field ends there (not "SECRET deals")
        """,
        re.VERBOSE,
    )


META_LOOSE_RE = _meta_loose(False)
# The same with its created time in full: what parse_cable may read the cable's time from
# (a bare date, or none, says less than the DTG does).
META_LOOSE_TIMED_RE = _meta_loose(True)

# Lines that open a cable's top as exports and mail archives show it. Each only starts a
# cable when the cable's own parts (header, classification line) follow it.
WRAPPER_RE = re.compile(
    r"""
    [ \t\xa0]*(?:\[code\]|)(?:
        (?:INFO|ACTION|ORIGIN)[ \t\xa0]+[A-Z]{1,6}-[0-9]{2}(?![0-9A-Za-z])   # State's office distribution block
      | Telegram(?=[A-Z])                                          # "TelegramC O N F I D E N T I A L ..."
      | From:[ \t\xa0]+[^\n]{1,80}\n[ \t\xa0]*Sent:                # an e-mail's header ...
      | Sent:[ \t\xa0]+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,[ \t\xa0]+[A-Z][a-z]+[ \t\xa0]+[0-9]   # ... its front cut
      | [A-Z][A-Z ]{1,30}[ ][0-9]{8}[ ][RPOZ][ ][A-Z]{2}[ ][0-9]{2}-[A-Z]{3}-[0-9]{2}[ ]   # ... its subject line
      | CLASSIFICATION:[ \t\xa0]*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)   # an export's fields
      | Class:[ \t\xa0]+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[^\n]{0,60}\n[ \t\xa0]*Date:   # ... another's
    )
    """,
    re.VERBOSE,
)

# The same export's subject line and fields flattened onto one line ("QATAR INVESTMENT ...
# OUTLINED Class: CONFIDENTIAL Date: Wed Nov 25 11:44:00 2009 Key: 09DOHA691 Tags: ..."),
# right above the cable's classification line (or under a partner's date line).
FLAT_EXPORT_RE = re.compile(
    r"[ \t\xa0]*[^\n]{0,300}?Class:[ \t\xa0]+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[^\n]{0,60}?[ \t\xa0]Date:[ \t\xa0]"
    r"[^\n]{0,60}?[ \t\xa0]Key:[ \t\xa0]*[0-9]{2}[A-Z]"
)

# A cable database's export banner: "Diana T Fritz 03/21/2007 05:47:09 PM From DB/Inbox: ...".
EXPORT_MARK = "DB/Inbox:"
# The line some exports print above that banner.
NULL_LINE_RE = re.compile(r"[ \t\xa0]*null[ \t\xa0]*\r?\n")

# Lines after a cable's end that its source page added (ends extends a cable over them).
MIRROR_TRAILER_RE = re.compile(
    r"""
    [ \t\xa0]*(?:
      (?:(?i:nnnn)[ \t\xa0]+|)                                         # the telegram's NNNN may precede it on its line
      [0-9]{4}[A-Z]{3,20}[0-9]{4,6}[ \t\xa0]+-[ \t\xa0]+(?:Classification:[ \t\xa0]*)?(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,30}   # 2005CARACA02404 - CONFIDENTIAL
      (?:\\?"|)                                                          # and a CSV export's closing quote after it
  | ID:[ \t\xa0]*[0-9]{1,7}                                            # the viewer's internal id
  | (?:</(?:td|tr|table|tbody|div|pre|body|html)>[ \t\xa0]*)+          # the page's HTML around the text
  | SELECT[ ]\*[ ]FROM[ ][^\n]{1,200}                                  # the SQL that fetched it
  | (?:[A-Za-z][A-Za-z'-]{1,30}(?:[ ][A-Za-z][A-Za-z'-]{1,30}){0,2}[ \t\xa0]+|<_?[a-z]{1,20}>)?   # a mirror's listing row, after the
    [0-9][ \t\xa0]+[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}                     # signer (or the tag hiding it) or alone: "STEVENS 0 02/15/2008",
    (?:[ \t\xa0]+[0-9]{1,6}[ \t\xa0]+[A-Z]{2,}(?:,[A-Z]{2,})*   # "0 11/28/2007 4679 PGOV,BA SUBJECT ...", or its SUBJECT
      (?:[ \t\xa0][^\n]*|[ \t\xa0]*\n[ \t\xa0]*[A-Z0-9][^a-z\n]{3,200}))?    # on the next line, in capitals
  | (?:Text[ ]+)?[Cc]l(?:a(?:s(?:s(?:i(?:f(?:i(?:e(?:d)?)?)?)?)?)?)?)?(?:[ ]+B(?:y)?)?[ ]?(?:\.\.\.|…)   # a preview cut in the label: "Cl..."
  | (?:Text[ ]+)?(?i:classified[ ]+by):?[ \t\xa0]+[A-Z][^\n?]{0,100}?(?:\.\.\.|…)   # ... or after it, on a name:
                                                                        # "Classified By: DCM X, Reasons: 1.4 B..."
  | \\?"{1,2},? | ,                                                     # a CSV export's closing quote and comma
  | [./>]                                                              # a lone stop, slash or ">": markup's leftovers
  | (?:[A-Z][A-Za-z'-]{1,30}[ \t\xa0]+)?UNQUOTE(?:[ \t\xa0]+[A-Z][A-Za-z'-]{1,30})?   # (not a mirror's: a repeated cable's
                                                                       # close, "CLINTON UNQUOTE CLINTON", under the quoted text)
  | [0-9]{1,3}[ \t\xa0]*\r?\n[ \t\xa0]*(?=SENSITIVE[ ]BUT|UNCLASSIFIED|CONFIDENTIAL|SECRET)   # a page's number over ...
    (?:SENSITIVE[ ]BUT[ ]UNCLASSIFIED|(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?:[ ]?//[ ]?[A-Z][A-Z /]{1,40})?)   # its banner
  | SENSITIVE[ ]BUT[ ]UNCLASSIFIED
  | [A-Z]{2,6}(?:,?[ ][A-Z]{2,6}){0,9}[ ]@[ ][A-ZÀ-Ý][A-ZÀ-Ý'. ]{0,40}   # a partner page's tag line: "EPET @ EL PAÍS"
  | [A-Z0-9][A-Z0-9 ,.'&/:;()-]{10,200}?(?:\.\.\.|…)                     # a listing's next subject, cut
    )[ \t\xa0\r]*(?=\n|$)
    """,
    re.VERBOSE,
)


# Short lines a mirror prints right above a cable's top (blank lines between allowed): the
# classification banner of a page, the date it filed the cable under, a bare ID, an export's
# "null", State's own copy's "Distribution:" and TED number. Each is a whole line; users never
# write one alone right above a paste.
WEAK_TOP_RE = re.compile(
    r"""
    [ \t\xa0]*(?:
        (?:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?:[ ]?//[ ]?[A-Z][A-Z /]{1,40})? | SENSITIVE[ ]BUT[ ]UNCLASSIFIED   # banner
      | [0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?                # 2010-01-04
      | [0-9]{1,2}/[0-9]{1,2}/[0-9]{4}(?:[ ][0-9]{1,2}:[0-9]{2})?(?:[ ]+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,40})?   # 9/22/2008 14:07 CONFIDENTIAL
      | [0-9]{2}[A-Z]{3,30}[0-9]{1,7}                                                        # 09BERN186
      | null
      | TED[0-9]{3,5} | Distribution:                        # State's copy: its TED number over the office block
      | (?:AMEMBASSY|AMCONSUL|USMISSION|SECSTATE)[ ][A-Z][A-Z .]{1,30} | [A-Z][A-Z .&/]{1,40}[ ]WASHDC   # the address lines
                                                             # of a routing header whose top was cut off
    )[ \t\xa0\r]*
    """,
    re.VERBOSE,
)
# An export's fields under the cable's subject line ("Class: CONFIDENTIAL / Date: ... / Key: 09X1").
EXPORT_FIELDS_RE = re.compile(r"[ \t\xa0]*Class:[ \t\xa0]+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[^\n]{0,60}\n[ \t\xa0]*Date:")
_SUBJECT_LINE_RE = re.compile(r"[ \t\xa0]*[A-Z0-9][^a-z\n]{3,200}")  # capitals: the subject above them


# A newspaper partner's date line alone on a line ("Wednesday, 15 April 2009, 15:03"): the
# partner's page prints it over the cable, and a user types no weekday, date and time so.
_DAY_LINE_RE = re.compile(rf"[ \t\xa0]*(?:{DATE_LINE_RE.pattern})[ \t\xa0\r]*")


# An e-mail's "Sent:" line opens a cable when its "From:" line above it was cut off the top;
# when it was not, the header starts at "From:" (maybe wrapped onto a second line, and
# maybe glued to the end of an archive's own subject line: "... [7824779]From: CBPC, ...").
_MAIL_SENT_RE = re.compile(r"[ \t\xa0]*Sent:[ \t\xa0]+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,")


def _mail_from(text: str, ls: int, start: int, floor: int) -> int | None:
    """The start of the line holding the mail's "From:" field, at most two lines above ``start``."""
    for _ in range(2):
        if text.find("From:", ls, start) != -1:
            return ls
        if ls <= floor or (prev := text.rfind("\n", 0, ls - 1) + 1) == ls - 1 or prev < floor:
            return None  # what came before, or a blank line above: no "From:" there
        ls = prev
    return None


_BARE_ID_RE = re.compile(r"[ \t\xa0]*[0-9]{2}[A-Z]{3,30}0*(?P<serial>[0-9]{1,7})[ \t\xa0\r]*")


def _names_cable(text: str, m: re.Match, start: int) -> bool:
    """Whether the bare ID ``m`` above the top at ``start`` names the cable below: its serial
    is in the first lines of the cable's own text (its classification line's "BERN 000186",
    its DE line's "#0186", a row's or a dump's ID). Users type the ID of another cable so.
    (Over the tuning part's 4,416 cables pasted in six layouts, the cable's own ID is named
    so in all but 54 of 26,496 pastes: 9 cables published with another cable's text, whose
    top names that one's serial; another cable's ID is, by chance, in 348.)"""
    serial = m["serial"]
    return re.search(rf"(?<![0-9]){'0*' + serial}(?![0-9])", text[start : start + 3000]) is not None


def top_lines_above(text: str, start: int, floor: int) -> int:
    """Where a cable's top starts once the mirror's lines right above ``start`` are in it.

    Walks back at most six lines (two blank lines between allowed), never below ``floor``
    (the end of what came before): constant work per cable.
    """
    p = start
    for _ in range(6):
        q = p - 1
        blanks = 0
        while q > floor and text[q - 1] in " \t\xa0\r\n" and blanks < 3:  # back over blank lines
            if text[q - 1] == "\n":
                blanks += 1
            q -= 1
        if q <= floor:
            return p
        ls = max(text.rfind("\n", floor, q) + 1, floor)
        line_end = text.find("\n", ls)
        line_end = len(text) if line_end == -1 else line_end
        if WEAK_TOP_RE.fullmatch(text, ls, line_end) is not None:
            if (m := _BARE_ID_RE.fullmatch(text, ls, line_end)) is not None and not _names_cable(text, m, start):
                return p  # a user's bare ID of another cable ("See:" / "09LONDON91"), not the mirror's of this one
            p = ls
        elif p == start and EXPORT_FIELDS_RE.match(text, start) is not None and blanks == 0 \
                and _SUBJECT_LINE_RE.fullmatch(text, ls, line_end) is not None:
            p = ls
        elif p == start and FLAT_EXPORT_RE.match(text, ls, line_end) is not None:
            p = ls
        elif _DAY_LINE_RE.fullmatch(text, ls, line_end) is not None:
            p = ls  # a partner's date line over the copy's own top (a text that starts with its date line too)
        elif blanks == 0 and _MAIL_SENT_RE.match(text, start) is not None and (f := _mail_from(text, ls, start, floor)) is not None:
            return f
        else:
            return p
    return p
