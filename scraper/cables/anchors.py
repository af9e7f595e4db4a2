"""Where a pasted cable (or a part of its top) can begin: anchors at line starts.

One cheap pass over line starts finds candidates; each is confirmed by the grammar's own
anchored regexes (CSV row, metadata block, ``VZCZC`` header, DTG header, classification
line, partial-extract note, viewer title, newspaper date line, a mirror's text dump).
Excerpts (``¶8.``, ``1. (C)``) are looked for separately, only in the user's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .classification import CLASS_LINE_RE
from .header import CABLE_DATED_RE, DATE_LINE_RE, DTG_HEADER_RE, HEADER_RE
from .paragraphs import EXCERPT_RE, PARTIAL_RE
from .header import PAGE_ONE_RE
from .mirrors import EXPORT_FIELDS_RE, EXPORT_MARK, FLAT_EXPORT_RE, META_LOOSE_RE, NULL_LINE_RE, WEAK_TOP_RE, WRAPPER_RE
from .views import CSV_ROW_RE, META_RE, VIEWING_RE, read_mirror_dump
from .scan import first_chars
from .textspan import line_end, line_start, skip_h, skip_ws, year4


# --- anchors: line starts where a cable (or a part of its top) can begin ------------------
# A cheap first pass over line starts (a literal "\n" prefix scans fast); each hit is
# then confirmed by the grammar's own anchored regexes.
_LINE_HINT_RE = re.compile(
    r"""
    \n(?=[ \t\xa0\[0-9<VRPOZ".UunNCcSsETiMWFIA])     # (speed: most lines fail here, before any repeat)
    [ \t\xa0]*+(?:\[code\]|)(?=[0-9<VRPOZ".UunNCcSsETiMWFIA])   # the first characters of the hints below
    (?: [0-9](?: [0-9]{0,6}(?:,|[ \t\xa0]*\r?\n|[ \t]+[0-9])      # CSV row, metadata block (or flattened)
               | [0-9]?:[0-9]{2},                           # a CSV row cut in its date
               | [0-9][ ]?[A-Z]{3,30}[ ]?[0-9]{1,7}[ \t\xa0\r]*[\n,\t] )   # metadata from its ID
      | C(?: (?:[ ]?C)?[ ]?O[ ]?N[ ]?F | (?i:[ ]o[ ]n[ ]f)   # body: the classification line (telegram damage:
           | able[ ]dated:                                 # a letter doubled or lost); a scrape's "Cable dated:" line
           | LASSIFICATION: | lass: )                      # a mail's top (mirrors.py)
      | S(?: S[ ]?E[ ]?C[ ]?R | [ ]?E[ ]?C[ ]?R | (?i:[ ]e[ ]c[ ]r)   # body
           | aturday, | unday,                            # newspaper partner's date line
           | ent: )                                        # a mail's top
      | T(?: his[ ]record                                  # partial-extract note
           | uesday, | hursday,                            # date line
           | elegram[A-Z] )                                # an export's top
      | I(?: NFO[ \t\xa0]+[A-Z]{1,6}-[0-9]                  # exports' and mails' tops (mirrors.py)
           | D:[ ]?[0-9]{1,7}[ ]Cable                      # a scrape's "Cable dated:" line, its id in front
           | D:[ \t\xa0]*[0-9]{1,7}[ \t\xa0\r]*\n )            # the other mirror's text dump ("ID: 190648")
      | O(?: [ \t\xa0]+(?:[RPOZ][ \t\xa0]+|)[0-9]{6}Z        # header starting at the DTG
           | [ ]N[ ]F[ ]I                                  # body
           | RIGIN[ \t\xa0]+[A-Z]{1,6}-[0-9] )              # an export's top
      | P(?: [ \t\xa0]+(?:[RPOZ][ \t\xa0]+|)[0-9]{6}Z        # header starting at the DTG
           | AGE[ \t\xa0]+0?1[ \t\xa0] )                      # an old teletype header's first page line
      | [RZ][ \t\xa0]+(?:[RPOZ][ \t\xa0]+|)[0-9]{6}Z          # header starting at the DTG
      | ACTION[ \t\xa0]+[A-Z]{1,6}-[0-9]                     # an export's top
      | E[ ]C[ ]R[ ]E                                      # body
      | Monday, | Wednesday,                               # date line
      | F(?: riday, | rom: )                               # date line; a mail's top
      | N(?i:clas) | [Uu](?i:nclas)                        # body
      | V(?: ZCZC                                          # routing header
           | iewing[ ]cable )                              # the viewer page's title line
      | "(?: (?i:u?nclas) | C(?:[ ]?C)?[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f)   # body after a quote
           | O[ ]N[ ]F[ ]I | S?S[ ]?E[ ]?C[ ]?R | E[ ]C[ ]R[ ]E | (?i:s[ ]e[ ]c[ ]r) )
      | \.(?: (?i:u?nclas) | C(?:[ ]?C)?[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f)   # body after a dot
            | O[ ]N[ ]F[ ]I | S?S[ ]?E[ ]?C[ ]?R | E[ ]C[ ]R[ ]E | (?i:s[ ]e[ ]c[ ]r)
            | \.\.id:[ ]*[0-9] )                             # a mirror's text dump
      | c(?i:[ ]o[ ]n[ ]f) | s(?i:[ ]e[ ]c[ ]r)              # body
      | id:[ ]*[0-9]                                       # a mirror's text dump
      | <<[0-9]                                            # a viewer's id
    )
    """,
    re.VERBOSE,
)
# (The lookaheads on a first character keep the scan as fast as a shorter list: a line
# start fails on one character test instead of trying each branch. Keep the first two in
# step with the branches: the second holds every character a branch can start with (as
# ``scan.first_chars`` reads them), and the one right after the newline adds the blanks and
# "[" a line may start with before them, so that a line starting otherwise fails before the
# blanks' repeat, which ``re`` sets up even when it matches nothing. tests/test_block_speed.py
# checks both.)
# (Speed, too: every branch starts with a character or a set of them, not a lookahead, a
# repeat or a group: ``re`` skips such a branch on one character test where the line's
# next character cannot start it, while it enters every other branch. So "[0-9]{1,7}" is
# written "[0-9][0-9]{0,6}", "(?:X){1,2}" "X(?:X|)", "(?:\.{3})?id:" two branches, and the
# day names and the tops' words one branch each: the same strings match, tried in the same
# order. The classification line's words are written out with and without the quote or dot
# before them, a case-blind first letter as the cases the lookahead before them let through
# ("[Uu]" and "N" for "(?i:u?nclas)"; "[Ss]", not "(?i:s)", which matches "\u017f" too).
# tests/test_block_speed.py checks the scan against the plain one.)
# (Speed, too: the branches are grouped by the character they start with, the most common
# line starts first, so a line is tested against some twenty first characters instead of
# forty branches. Branches that start with one character can match at the same place only
# within their group, where they stand in their old order: a line is matched by the branch
# it was matched by before, to the same end. The blanks' repeat is possessive: a blank is
# neither "[" nor a character of the lookahead after it, so giving one back never helps.
# tests/test_block_speed.py checks the scan against the one before, ``_LINE_HINT_BEFORE``.)


# Where an excerpt can start, looked for only in the user's text between cables.
# (Speed: the lookahead after the newline holds the characters the rest can start with, so a
# line starting otherwise fails before the blanks' repeat; tests/test_block_speed.py checks it.)
_EXCERPT_HINT_RE = re.compile(r"\n(?=[ \t\xa0\[¶0-9])[ \t\xa0]*(?:\[code\]|)(?:¶|[0-9]{1,2}\.[ \t\xa0]*\()")


# "id: 15777 / date: 4/7/2004 0:28 / refid: 04BOGOTA3619 / ..." (a mirror's text dump).
# (An ellipsis in front is a mirror's preview cut; words after the id are the dump's own labels.)
_DUMP_RE = re.compile(r"[ \t\xa0]*(?:\.{3})?id:[ \t\xa0]*[0-9]{1,7}(?:[ \t\xa0]+[A-Z0-9]{1,20}){0,3}[ \t\xa0\r\n]+date:[^\n]*")
# The other mirror's dump, its keys in capitals and the ID under ORIGIN ("ID: 190648" /
# "ORIGIN: 09KUWAIT110" / "DATE: ..." / "SOURCE: Embassy Kuwait" / "CLASSIFICATION: ..."): the
# dump is taken only where ``views.read_mirror_dump`` reads it whole, as parse_cable does.
_DUMP_CAPS_RE = re.compile(r"[ \t\xa0]*ID:[ \t\xa0]*[0-9]{1,7}[ \t\xa0\r]*\n[ \t\xa0]*ORIGIN:[^\n]*")


# The year of a DTG anywhere in a cable's top ("042201Z JAN 08", "261640Z Jun 06").
DTG_YEAR_RE = re.compile(r"(?<![0-9])[0-9]{6}Z[ \t\xa0]+(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[ \t\xa0]+(?P<yy>[0-9]{2})(?![0-9])")


# A numbered paragraph with its marking glued on ("3.(SBU)"), which EXCERPT_RE leaves out.
_EXCERPT_START_RE = re.compile(r"[ \t\xa0]*[0-9]{1,2}\.\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF)\)")


# A header that starts at the DTG, flattened onto one line with its paragraph's others (a
# mirror that joined each paragraph's lines): "O 231045Z JUN 09 FM AMEMBASSY BERN TO SECSTATE
# WASHDC IMMEDIATE 5907 INFO ...". The DTG, then FM and TO on the same line.
_FLAT_DTG_RE = re.compile(
    r"""
    [ \t\xa0]*(?:\[code\]|)(?:[RPOZ][ \t\xa0]+){1,2}[0-9]{6}Z[ \t\xa0]+[A-Z]{3}[ \t\xa0]+(?P<yy>[0-9]{2})   # O 231045Z JUN 09
    (?:[ \t\xa0]+Z[A-Z]{2})*[ \t\xa0]+FM[ \t\xa0]+[A-Z][A-Z .,/()-]{2,60}?[ \t\xa0]+TO[ \t\xa0]+[A-Z]        # FM AMEMBASSY BERN TO S...
    """,
    re.VERBOSE,
)
_FLAT_DTG_FIRST = frozenset("RPOZ[")  # what such a line can start with
# A scrape's internal id before its "Cable dated:" line ("ID:247169 Cable dated:2010-02-04T10:15:00").
_SCRAPE_ID_RE = re.compile(r"ID:[ \t\xa0]*[0-9]{1,7}[ \t\xa0]+(?=Cable[ \t\xa0]+dated:)")


WINDOW = 12_000  # a cable's top parts (header, metadata, table) never run longer than this


@dataclass(frozen=True, slots=True)
class Anchor:
    pos: int  # the line start
    kind: str  # csv, metadata, header, dtg, partial, viewer, date, body, excerpt
    end: int  # end of what the anchor itself covers (the metadata block, the title line)
    year: int | None = None
    ref_id: str | None = None



class _AnyChar:
    """Stands for a set of characters a regex could not be narrowed to (any character)."""

    def __contains__(self, c: object) -> bool:
        return True


# The characters each layout's regex can start with (``scan.first_chars``): a line starts with
# one of few layouts' characters, and a regex call that fails at once still costs its set-up.
_ANY = _AnyChar()
_FIRST_CSV_ROW = first_chars(CSV_ROW_RE) or _ANY
_FIRST_META = first_chars(META_RE) or _ANY
_FIRST_HEADER = first_chars(HEADER_RE) or _ANY
_FIRST_DTG_HEADER = first_chars(DTG_HEADER_RE) or _ANY
_FIRST_CLASS_LINE = first_chars(CLASS_LINE_RE) or _ANY
_FIRST_CABLE_DATED = first_chars(CABLE_DATED_RE) or _ANY
_FIRST_PARTIAL = first_chars(PARTIAL_RE) or _ANY
_FIRST_VIEWING = first_chars(VIEWING_RE) or _ANY
_FIRST_DATE_LINE = first_chars(DATE_LINE_RE) or _ANY
_FIRST_DUMP = first_chars(_DUMP_RE) or _ANY
_FIRST_PAGE_ONE = first_chars(PAGE_ONE_RE) or _ANY
_FIRST_META_LOOSE = first_chars(META_LOOSE_RE) or _ANY
_FIRST_WRAPPER = first_chars(WRAPPER_RE) or _ANY


def _anchor_at(text: str, ls: int, dated: bool = True) -> Anchor | None:
    """The anchor starting on the line at ``ls``, if any (strongest layout first).

    (``dated=False``: no date line here, when asking what is under one.)
    """
    c = text[ls : ls + 1]  # (Speed: each layout's regex is asked only where its first character allows)
    if c in _FIRST_CSV_ROW and (m := CSV_ROW_RE.match(text, ls)) is not None:
        return Anchor(ls, "csv", m.end())
    if c in _FIRST_META and (m := META_RE.match(text, ls)) is not None:
        return Anchor(ls, "metadata", m.end())
    if c in _FIRST_HEADER and (m := HEADER_RE.match(text, ls)) is not None:
        return Anchor(ls, "header", m.end())
    if c in _FIRST_DTG_HEADER and (m := DTG_HEADER_RE.match(text, ls)) is not None:
        y = DTG_YEAR_RE.search(m.group())
        return Anchor(ls, "dtg", line_end(text, ls), year=year4(int(y["yy"])) if y else None)
    p = skip_h(text, ls)
    pc = text[p : p + 1]
    # (first-character tests before the rarer layouts' regexes: most lines fail them at once)
    if text[p : p + 1] in _FLAT_DTG_FIRST and (m := _FLAT_DTG_RE.match(text, ls)) is not None:
        return Anchor(ls, "dtg", line_end(text, ls), year=year4(int(m["yy"])))
    if c in _FIRST_CLASS_LINE and CLASS_LINE_RE.match(text, ls) is not None:
        return None if _quoted(text, ls) else Anchor(ls, "body", ls)
    if text.startswith("ID:", p) and (m := _SCRAPE_ID_RE.match(text, p)) is not None:
        p = m.end()  # "ID:247169 Cable dated:..." (the scrape's internal id in front)
        pc = text[p : p + 1]
    if pc in _FIRST_CABLE_DATED and (m := CABLE_DATED_RE.match(text, p)) is not None:
        # "Cable dated:2005-07-15T15:24:00S E C R E T ..." (the classification glued on)
        return Anchor(ls, "body", ls, year=int(m["y"]))
    if pc in _FIRST_PARTIAL and PARTIAL_RE.match(text, p) is not None:
        return Anchor(ls, "partial", line_end(text, p))
    if pc in _FIRST_VIEWING and (m := VIEWING_RE.match(text, p)) is not None:
        return Anchor(ls, "viewer", line_end(text, m.end()), ref_id=m["ref"])
    if dated and pc in _FIRST_DATE_LINE and (m := DATE_LINE_RE.match(text, p)) is not None:
        nxt = skip_h(text, m.end())
        if nxt < len(text) and text[nxt] not in "\r\n":
            # "Tuesday, 23 May 2006, 11:53 C O N F I D E N T I A L ..." (flattened): one body
            if CLASS_LINE_RE.match(text[nxt : nxt + 200]) is not None:
                return Anchor(ls, "body", ls, year=int(m["y"]))
            return None
        nxt = skip_ws(text, nxt)
        if nxt < len(text) and (_dated_body(text, nxt) or _top_under_date(text, line_start(text, nxt))):
            return Anchor(ls, "date", m.end(), year=int(m["y"]))
        return None
    if c in _FIRST_DUMP and (m := _DUMP_RE.match(text, ls)) is not None:
        return Anchor(ls, "dump", m.end())
    if pc == "I" and (m := _DUMP_CAPS_RE.match(text, ls)) is not None and read_mirror_dump(text, ls) is not None:
        return Anchor(ls, "dump", m.end())
    if pc in _FIRST_PAGE_ONE and PAGE_ONE_RE.match(text, p) is not None:
        return Anchor(ls, "header", line_end(text, p))
    if c in _FIRST_META_LOOSE and (m := META_LOOSE_RE.match(text, ls)) is not None:
        return Anchor(ls, "metadata", line_end(text, m.end()))
    if c in _FIRST_WRAPPER and WRAPPER_RE.match(text, ls) is not None:
        return Anchor(ls, "wrapper", line_end(text, ls))
    return None


def _export_banners(text: str) -> list[Anchor]:
    """A cable database's export banner (``... From DB/Inbox: Search Results``), at its line start.

    The banner starts with the exporting user's name and a time, so it is found from its
    literal; the ``null`` line some exports print above it belongs to it.
    """
    out = []
    i = text.find(EXPORT_MARK)
    while i != -1:
        ls = line_start(text, i)
        if ls > 0:
            prev = line_start(text, ls - 1)
            if NULL_LINE_RE.fullmatch(text, prev, ls) is not None:
                ls = prev
        out.append(Anchor(ls, "wrapper", line_end(text, i)))
        i = text.find(EXPORT_MARK, line_end(text, i))
    return out


# A repeated cable quotes the one it repeats in full, between "QUOTE" and "UNQUOTE" lines
# ("FOLLOWING STATE 127892 ... IS BEING REPEATED FOR YOUR ACTION. / QUOTE: / S E C R E T
# STATE 127892 ..."): a classification line right under a QUOTE line is the repeat's own
# text, not a new paste. (Telegraphese in capitals: a forum's "Quote from:" is not it.)
_QUOTE_LINE_RE = re.compile(r"[ \t\xa0]*QUOTE:?[ \t\xa0\r]*")


def _quoted(text: str, ls: int) -> bool:
    """Whether the non-blank line above the line at ``ls`` is a cable's QUOTE line."""
    q = ls - 1
    while q > 0 and text[q - 1] in " \t\xa0\r\n" and ls - q < 40:
        q -= 1
    if q <= 0:
        return False
    start = text.rfind("\n", 0, q) + 1
    return q - start <= 12 and _QUOTE_LINE_RE.fullmatch(text, start, q) is not None


def _top_under_date(text: str, ls: int, weak: bool = True) -> bool:
    """Whether the line at ``ls`` under a partner's date line opens the cable's text.

    The partner prints the date, then what its source gave: any top a cable can start with
    (a classification line, the mirror's metadata, its ``id:`` dump, a header, an export's
    subject line over its ``Class:`` / ``Date:`` fields), maybe under the source's own
    date or banner line (``2010-01-04``), or a body whose classification line was not
    copied, which opens on its caveats (``SIPDIS``), E.O., TAGS or SUBJECT line. No user
    writes that date form alone on a line over their words.
    """
    if _anchor_at(text, ls, dated=False) is not None:
        return True
    p = skip_h(text, ls)
    if (_CAVEAT_LINE_RE.match(text, ls) is not None or _EO_RE.match(text, p) is not None
            or _TAGS_RE.match(text, p) is not None or _SUBJ_RE.match(text, p) is not None):
        return True
    le = line_end(text, ls)
    if (le < len(text) and EXPORT_FIELDS_RE.match(text, le + 1) is not None) or FLAT_EXPORT_RE.match(text, ls, le):
        return True  # the export's subject line, its fields under it (or flattened onto it)
    if _CUT_ROW_RE.search(text, ls, le) is not None or _FLAT_PARTIAL_RE.match(text, ls, le) is not None:
        return True  # a scrape's CSV row cut at its front, a partial extract's record flattened
    if weak and WEAK_TOP_RE.fullmatch(text, ls, le) is not None and (q := skip_ws(text, le)) < len(text):
        return _top_under_date(text, line_start(text, q), weak=False)
    return False


# What a partner's source can hold under its date line besides a top at the line start:
# - a CSV row the scrape cut at its front: the tail of the field before it, its closing
#   quote, then the row's own fields (",183633,12/18/2008 9:43,08BUENOSAIRES1706,") -- the
#   internal id, the M/D/YYYY H:MM date and the ID in a row, as only cables.csv writes them;
_CUT_ROW_RE = re.compile(r'",[0-9]{1,7},"?[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}[ ][0-9]{1,2}:[0-9]{2}"?,[0-9]{2}[A-Z]')
# - a partial extract's record flattened onto one line: its metadata fields (internal id,
#   ISO created, ID) then, after the origin and classification, the WikiLeaks note
#   ("41662 2005-09-29 20:31:00 05BOGOTA9257 Embassy Bogota SECRET//NOFORN This record is a
#   partial extract ..."); no user writes an internal id and a timestamp over their words.
_FLAT_PARTIAL_RE = re.compile(
    r"""
    [ \t\xa0]*[0-9]{1,7}[ \t\xa0]+[0-9]{4}-[0-9]{2}-[0-9]{2}[ \t\xa0]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?   # iid, created
    [ \t\xa0]+[0-9]{2}[A-Z]{3,30}[0-9]{1,7}[ \t\xa0][^\n]{0,120}?This[ ]record[ ]is[ ]a[ ]partial[ ]extract  # ID ... the note
    """,
    re.VERBOSE,
)


def _dated_body(text: str, p: int) -> bool:
    """Whether a date line with the classification line glued on starts at ``p``."""
    m = DATE_LINE_RE.match(text, p)
    return m is not None and CLASS_LINE_RE.match(text[skip_h(text, m.end()) : m.end() + 200]) is not None


_FIRST_EXCERPT = first_chars(EXCERPT_RE) or _ANY
_FIRST_EXCERPT_START = first_chars(_EXCERPT_START_RE) or _ANY


def _is_excerpt_start(text: str, ls: int) -> bool:
    c = text[ls : ls + 1]  # (Speed: each regex is asked only where its first character allows; a post's first line seldom does)
    return ((c in _FIRST_EXCERPT and EXCERPT_RE.match(text, ls) is not None)
            or (c in _FIRST_EXCERPT_START and _EXCERPT_START_RE.match(text, ls) is not None))


def next_excerpt(text: str, pos: int, end: int) -> int | None:
    """The first line start in ``[pos, end)`` where an excerpt starts (``¶8.``, ``1. (C)``)."""
    if (pos == 0 or text[pos - 1] == "\n") and pos < end and _is_excerpt_start(text, pos):
        return pos
    for h in _EXCERPT_HINT_RE.finditer(text, max(pos - 1, 0), end):
        if h.start() + 1 >= pos and _is_excerpt_start(text, h.start() + 1):
            return h.start() + 1
    return None


# A body whose classification line was not copied (or a mirror dropped) still opens with
# its top's fields: the E.O. line, then TAGS, then SUBJECT, within a few lines (or flattened
# onto one). Users never write all three; like excerpts, these are looked for only in the
# user's text between cables. The caveat and address lines above the E.O. line are its top.
_TAGS_RE = re.compile(r"[Tt](?:AGS?|ags?)[ \t\xa0]*:?[ \t\xa0]+[A-Za-z]")  # at a line start or after a space
_EO_RE = re.compile(r"(?<![A-Za-z])(?:E\.?[ ]?O\.?|(?i:e\.o\.))[ \t\xa0]*1[0-9]{4}")
_SUBJ_RE = re.compile(r"(?<![A-Za-z])(?i:subj(?:ect)?)[ \t\xa0]*:")
_CAVEAT_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?: (?i:sipdis|noforn|sensitive|exdis|nodis|limdis|stadis)\b[^\n]{0,40}     # caveats
      | [A-Z][A-Z/&.,;()' -]{1,60}\b(?:FOR|PASS|PLEASE)\b[^a-z\n]{0,200}             # STATE FOR S/CT, EUR/WE
      | (?:[A-Z](?:[ ][A-Z]){5,11}(?:[ \t\xa0]+SECTION[ \t\xa0]+[0-9]{1,2}[ \t\xa0]+OF[ \t\xa0]+[0-9]{1,2})?   # the classification
         |(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET)[ \t\xa0]+SECTION[ \t\xa0]+[0-9]{1,2}[ \t\xa0]+OF[ \t\xa0]+[0-9]{1,2})   # line that lost
        [ \t\xa0]+[A-Z][A-Z.' ]{1,40} )                                                  # its serial (telegram form)
    (?:<br[ ]?/?>)?[ \t\xa0\r]*
    """,
    re.VERBOSE,
)
_BLANKISH_RE = re.compile(r"[ \t\xa0\r]*(?:<br[ ]?/?>)?[ \t\xa0\r]*")


class FieldsFinder:
    """Where a body with no classification line starts in the user's text (its E.O./TAGS/SUBJECT).

    The last search is remembered, so asking again from a later point after an excerpt
    does not scan the same text twice (the post is read in linear time).
    """

    __slots__ = ("text", "searched", "found")

    def __init__(self, text: str) -> None:
        self.text = text
        self.searched = (-1, -1)  # [a, b) searched last
        self.found: int | None = None  # what that search found

    def next(self, pos: int, end: int) -> int | None:
        a, b = self.searched
        if a <= pos and ((self.found is not None and pos <= self.found < end) or (self.found is None and end <= b)):
            return self.found
        self.searched, self.found = (pos, end), self._scan(pos, end)
        return self.found

    def _scan(self, pos: int, end: int) -> int | None:
        text = self.text
        for t in self._tags_at(pos, end):
            if (m := _TAGS_RE.match(text, t)) is None or (t > 0 and text[t - 1] not in " \t\xa0\n"):
                continue
            eo = _EO_RE.search(text, max(pos, m.start() - 250), m.start())
            if eo is None or _SUBJ_RE.search(text, m.end(), min(end, m.end() + 400)) is None:
                continue
            ls = max(line_start(text, eo.start()), pos)
            if text[ls : eo.start()].strip(" \t\xa0") and _CAVEAT_LINE_RE.match(text, ls) is None:
                continue  # prose on the E.O. line: a user quoting the labels
            return self._caveats_above(ls, pos)
        return None

    def _tags_at(self, pos: int, end: int):
        """Where "TAGS" / "Tags" / "tags" start in ``[pos, end)``, in order (literal scans: fast)."""
        text = self.text
        up, low = text.find("AGS", pos + 1, end + 2), text.find("ags", pos + 1, end + 2)
        while up != -1 or low != -1:
            if low == -1 or (up != -1 and up < low):
                yield up - 1
                up = text.find("AGS", up + 3, end + 2)
            else:
                yield low - 1
                low = text.find("ags", low + 3, end + 2)

    def _caveats_above(self, p: int, floor: int) -> int:
        """Back over the caveat and address lines (and blank lines) above the line at ``p``."""
        text, start = self.text, p
        for _ in range(8):
            if p <= floor:
                break
            ls = max(line_start(text, p - 1), floor)
            le = p - 1
            if _BLANKISH_RE.fullmatch(text, ls, le) is not None:
                p = ls
                continue
            if _CAVEAT_LINE_RE.fullmatch(text, ls, le) is None:
                break
            p = start = ls
        return start


def find_anchors(text: str) -> list[Anchor]:
    first = _anchor_at(text, 0)
    out = [first] if first is not None else []
    for h in _LINE_HINT_RE.finditer(text):
        if (a := _anchor_at(text, h.start() + 1)) is not None:
            out.append(a)
    if EXPORT_MARK in text:
        seen = {a.pos for a in out}
        out = sorted(out + [a for a in _export_banners(text) if a.pos not in seen], key=lambda a: a.pos)
    return out
