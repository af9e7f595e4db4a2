"""Where each pasted cable starts and ends in a post's text, per layout.

Pure: a post's text in, ``Pasted`` spans out (in order, never overlapping); ``split.py``
only tiles the text with them. A cable's extent is read from its own evidence:

- its top: a cablegate CSV row, the one-field-per-line metadata block, a ``VZCZC`` header,
  a header starting at the DTG (``R 042201Z JAN 08`` then ``FM ...``), the partial-extract
  note, a newspaper partner's date line, the viewer page's ``Viewing cable ID, ...`` line;
  consecutive top parts of one cable (the seed's bare header then its CSV row) join;
- its body: from the classification line, block by block (blocks are separated by blank
  lines) while the text still reads as cable (numbered or portion-marked paragraphs, REF /
  ``Classified By`` / TAGS lines at the top, headings underlined with dashes, page breaks,
  hard-wrapped lines, footers, redactions);
- its end: the signer (capitals or mixed case, alone on the last line or at the end of the
  last text line), ``NNNN`` / ``End Cable Text`` trailers, the next cable, a closing
  ``[/code]``; a user's line right after the signer, or after a blank line following the
  last cable block, is commentary.

Work is linear in the text: anchors are found in one pass over line starts, blank lines
and blocks are read once per cable, and every scan is bounded by the next cable.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from .classification import CLASS_LINE_RE
from .header import CABLE_DATED_RE, DATE_LINE_RE, DTG_HEADER_RE, HEADER_RE
from .paragraphs import EXCERPT_RE, PARTIAL_RE, page_breaks
from .signer import NOT_SIGNERS
from .views import CSV_ROW_RE, META_RE, VIEWING_RE

_WS = " \t\r\n\xa0"
_H = " \t\xa0\r"


@dataclass(frozen=True, slots=True)
class Pasted:
    """One pasted cable: ``text[start:end]``, its layout and what its own top says."""

    start: int
    end: int
    layout: str  # csv, metadata, header, body, excerpt, newspaper, viewer
    year: int | None = None  # four-digit year from the paste's DTG or date line
    ref_id: str | None = None  # the ID the paste names itself (viewer page line)


# --- anchors: line starts where a cable (or a part of its top) can begin ------------------
# A cheap first pass over line starts (a literal "\n" prefix scans fast); each hit is
# then confirmed by the grammar's own anchored regexes.
_LINE_HINT_RE = re.compile(
    r"""
    \n[ \t\xa0]*(?:\[code\])?
    (?: [0-9]{1,7}(?:,|[ \t\xa0]*\r?\n)                  # CSV row, metadata block
      | VZCZC                                          # routing header
      | (?:[RPOZ][ \t\xa0]+){1,2}[0-9]{6}Z             # header starting at the DTG
      | (?i:unclas) | C[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f) | S[ ]?E[ ]?C[ ]?R | (?i:s[ ]e[ ]c[ ]r)   # body
      | This[ ]record                                  # partial-extract note
      | Viewing[ ]cable                                # the viewer page's title line
      | id:[ ]*[0-9]                                   # a mirror's text dump
      | Cable[ ]dated:                                 # a scrape's "Cable dated:" line
      | (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,    # newspaper partner's date line
    )
    """,
    re.VERBOSE,
)
# Where an excerpt can start, looked for only in the user's text between cables.
_EXCERPT_HINT_RE = re.compile(r"\n[ \t\xa0]*(?:\[code\])?(?:¶|[0-9]{1,2}\.[ \t\xa0]*\()")
# "id: 15777 / date: 4/7/2004 0:28 / refid: 04BOGOTA3619 / ..." (a mirror's text dump).
_DUMP_RE = re.compile(r"[ \t\xa0]*id:[ \t\xa0]*[0-9]{1,7}[ \t\xa0\r\n]+date:[^\n]*")
# The year of a DTG anywhere in a cable's top ("042201Z JAN 08", "261640Z Jun 06").
_DTG_YEAR_RE = re.compile(r"(?<![0-9])[0-9]{6}Z[ \t\xa0]+(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[ \t\xa0]+(?P<yy>[0-9]{2})(?![0-9])")
# A numbered paragraph with its marking glued on ("3.(SBU)"), which EXCERPT_RE leaves out.
_EXCERPT_START_RE = re.compile(r"[ \t\xa0]*[0-9]{1,2}\.\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF)\)")
_WINDOW = 12_000  # a cable's top parts (header, metadata, table) never run longer than this


@dataclass(frozen=True, slots=True)
class _Anchor:
    pos: int  # the line start
    kind: str  # csv, metadata, header, dtg, partial, viewer, date, body, excerpt
    end: int  # end of what the anchor itself covers (the metadata block, the title line)
    year: int | None = None
    ref_id: str | None = None


def _anchor_at(text: str, ls: int) -> _Anchor | None:
    """The anchor starting on the line at ``ls``, if any (strongest layout first)."""
    if (m := CSV_ROW_RE.match(text, ls)) is not None:
        return _Anchor(ls, "csv", m.end())
    if (m := META_RE.match(text, ls)) is not None:
        return _Anchor(ls, "metadata", m.end())
    if (m := HEADER_RE.match(text, ls)) is not None:
        return _Anchor(ls, "header", m.end())
    if (m := DTG_HEADER_RE.match(text, ls)) is not None:
        y = _DTG_YEAR_RE.search(m.group())
        return _Anchor(ls, "dtg", _line_end(text, ls), year=_year4(int(y["yy"])) if y else None)
    if CLASS_LINE_RE.match(text, ls) is not None:
        return _Anchor(ls, "body", ls)
    p = _skip_h(text, ls)
    if (m := CABLE_DATED_RE.match(text, p)) is not None:
        # "Cable dated:2005-07-15T15:24:00S E C R E T ..." (the classification glued on)
        return _Anchor(ls, "body", ls, year=int(m["y"]))
    if PARTIAL_RE.match(text, p) is not None:
        return _Anchor(ls, "partial", _line_end(text, p))
    if (m := VIEWING_RE.match(text, p)) is not None:
        return _Anchor(ls, "viewer", _line_end(text, m.end()), ref_id=m["ref"])
    if (m := DATE_LINE_RE.match(text, p)) is not None:
        nxt = _skip_h(text, m.end())
        if nxt < len(text) and text[nxt] not in "\r\n":
            # "Tuesday, 23 May 2006, 11:53 C O N F I D E N T I A L ..." (flattened): one body
            if CLASS_LINE_RE.match(text[nxt : nxt + 200]) is not None:
                return _Anchor(ls, "body", ls, year=int(m["y"]))
            return None
        nxt = _skip_ws(text, nxt)
        if nxt < len(text) and (CLASS_LINE_RE.match(text, _line_start(text, nxt)) is not None
                                or CABLE_DATED_RE.match(text, nxt) is not None):
            return _Anchor(ls, "date", m.end(), year=int(m["y"]))
        return None
    if (m := _DUMP_RE.match(text, ls)) is not None:
        return _Anchor(ls, "dump", m.end())
    return None


def _is_excerpt_start(text: str, ls: int) -> bool:
    return EXCERPT_RE.match(text, ls) is not None or _EXCERPT_START_RE.match(text, ls) is not None


def _next_excerpt(text: str, pos: int, end: int) -> int | None:
    """The first line start in ``[pos, end)`` where an excerpt starts (``¶8.``, ``1. (C)``)."""
    if (pos == 0 or text[pos - 1] == "\n") and pos < end and _is_excerpt_start(text, pos):
        return pos
    for h in _EXCERPT_HINT_RE.finditer(text, max(pos - 1, 0), end):
        if h.start() + 1 >= pos and _is_excerpt_start(text, h.start() + 1):
            return h.start() + 1
    return None


def _anchors(text: str) -> list[_Anchor]:
    first = _anchor_at(text, 0)
    out = [first] if first is not None else []
    for h in _LINE_HINT_RE.finditer(text):
        if (a := _anchor_at(text, h.start() + 1)) is not None:
            out.append(a)
    return out


# --- small helpers ------------------------------------------------------------------------
def _year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


def _line_start(text: str, p: int) -> int:
    return text.rfind("\n", 0, p) + 1


def _line_end(text: str, p: int) -> int:
    e = text.find("\n", p)
    return len(text) if e == -1 else e


def _skip_h(text: str, p: int) -> int:
    n = len(text)
    while p < n and text[p] in " \t\xa0":
        p += 1
    return p


def _skip_ws(text: str, p: int, end: int | None = None) -> int:
    n = len(text) if end is None else end
    while p < n and text[p] in _WS:
        p += 1
    return p


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _WS:
        end -= 1
    return end


# --- what a block of lines is -------------------------------------------------------------
_MARKINGS = r"(?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|TS|[A-Z]{1,12}[ \t\xa0]*--[ \t\xa0]*[A-Z ]{3,30})"
# A block that is certainly cable text, whatever its length.
_STRONG_RE = re.compile(
    rf"""
    [ \t\xa0]*(?:\[code\])?(?:
        ¶[ \t\xa0]*[0-9A-Za-z]{{1,4}}\.?                         # ¶1. ¶B. (the viewer's pilcrow)
      | [0-9]{{1,3}}\.?[ \t\xa0]*\({_MARKINGS}\)                 # 1. (C)  1.(SBU)
      | [A-Z]\.[ \t\xa0]*\({_MARKINGS}\)                         # A. (C)
      | \({_MARKINGS}\)[ \t\xa0]+[A-Z][^\n]{{70}}                # (C) Text ... (a long paragraph)
      | -{{3,}}[ \t\xa0]*(?:\n|$) | \*{{5,}} | ={{5,}}            # dashes under a heading, a rule
      | [^\n]{{3,80}}?[ \t\xa0]-{{5,}}[ \t\xa0]*(?:\n|$)               # a heading flattened onto its dashes
      | -{{5,}}[ \t\xa0]*header[ \t\xa0]+ends                        # a mirror's header marker
      | X{{6,}}                                                  # redaction
      | (?:Visit|Please[ \t\xa0]+visit)[ \t\xa0][^\n]{{0,60}}Classified   # footer
      | (?:NNNN|End[ \t\xa0]+Cable[ \t\xa0]+Text)[ \t\xa0]*(?:\n|$) | Declassified/Released   # trailers
      | END[ \t\xa0]+(?:SUMMARY|COMMENT|TEXT|NOTE)\b[^a-z\n]{{0,3}}(?:\n|$)   # alone on a line
    )
    """,
    re.VERBOSE,
)
# Only at the top of a body (before its first numbered paragraph): section labels.
_HEAD_RE = re.compile(
    r"""
    [ \t\xa0]*(?:
        (?i:REF(?:S|TEL|TELS|\(S\))?[ \t\xa0]*[:.]?[ \t\xa0]*(?:[A-Z(¶]|[0-9]))   # REF: A. STATE 1
      | (?i:PROGRAM[ \t\xa0]+REF)
      | (?i:Classified[ \t\xa0]+By) | (?i:E\.?[ \t\xa0]?O\.?[ \t\xa0]*1[0-9]{4})   # authority, E.O.
      | (?i:TAGS?|TAS|AGS)\b | SUBJ(?:ECT)?\b | SIPDIS | NOFORN | SENSITIVE | EXDIS | NODIS
      | (?:DEPT|STATE|USDOC|USTR|PASS|FOR|TREASURY|COMMERCE|DHS|DOJ|NSC|OSD|JCS)[ \t\xa0]+[A-Z/]
      | [A-Z][A-Z .,/&'-]{3,}(?:\n|$)                            # a line in capitals (wrapped SUBJECT)
    )
    """,
    re.VERBOSE,
)
# Paragraph-like starts that are cable text only in a long block (users number points too).
_MEDIUM_RE = re.compile(r"[ \t\xa0]*(?:[0-9]{1,2}\.[ \t\xa0]+[A-Z(]|\([A-Z/]{1,6}\)[ \t\xa0]|-{1,2}[ \t\xa0]*[A-Z(]|[A-Z]\)[ \t\xa0]|\([a-z0-9]\)[ \t\xa0])")
_TRAILER_RE = re.compile(
    r"""
    [ \t\xa0]*(?: NNNN | End[ \t\xa0]+Cable[ \t\xa0]+Text | Declassified/Released\b[^\n]*   # trailers
      | =+[ \t\xa0]*CABLE[ \t\xa0]+ENDS[ \t\xa0]*=+                 # a mirror's end marker
      | "                                                    # the closing quote of a CSV body
      | Track[ \t\xa0]+impresi[oó]n:[^\n]*                   # El País's print trailer
    )[ \t\xa0]*$
    """,
    re.VERBOSE,
)
# A signer alone on a line: GARZA, Leslie BASSETT, KEEGAN PAAL, Scobey, van Voorst, McMullen.
_SIGNER_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?:[A-Z][a-z]+[ \t\xa0]+)?                        # first name: Leslie
    (?P<name>
        (?:(?:van|von|de|del|der|da|di|du|la|le|al|el|bin)[ \t\xa0]+)?   # particle: van Voorst
        (?:[A-Z][A-Z'-]{2,}|(?:Mc|Mac|O')?[A-Z][a-z]+(?:[A-Z][a-z]+|[-'][A-Z]?[a-z]+)?)   # BASSETT, Scobey, LeBaron
        (?:[ \t\xa0]+(?:[A-Z][A-Z'-]{2,}|[A-Z][a-z]+)){0,2}   # KEEGAN PAAL
    )(?:[ \t\xa0]*(?<=[A-Z])[ \t\xa0]*\.)?[ \t\xa0]*(?:\\|")?$       # "EASON ." (capitals only); a CSV quote
    """,
    re.VERBOSE,
)
# A signer at the end of the last text line: "... XXXXXXXXXXXX. RICE", "... 2007.) Scobey".
_SIGNER_TAIL_RE = re.compile(
    r"""
    (?:[.!?)"'*]|XXXX)[ \t\xa0]{1,3}                           # after a sentence, a redaction, a rule
    (?P<name>[A-Z][A-Z'-]{2,}(?:[ \t\xa0]+[A-Z][A-Z'-]{2,})?|(?:Mc|Mac)?[A-Z][a-z]{2,})[ \t\xa0]*$
    """,
    re.VERBOSE,
)
_NOT_NAMES = NOT_SIGNERS | frozenset(
    "SUMMARY COMMENT COMMENTS BACKGROUND INTRODUCTION CONCLUSION NOTE END ACTION REQUEST REFTEL "
    "PARTICIPANTS SUBJECT TAGS DECL EXDIS NODIS LIMDIS STADIS ROGER MINIMIZE CONSIDERED "
    "Summary Comment Comments Background Introduction Conclusion Note End Action Participants Text "
    "Overview Analysis Outlook Recommendation Recommendations Discussion Scenesetter Bio Bios "
    "Thanks Bump Bookmarked Wow Indeed Yes No Agreed Source Sources Update Edit".split()
)


# Line starts of the short lines (a signer or a trailer is one); a literal "\n" first is fast.
_SHORT_LINE_RE = re.compile(r"\n(?=[^\n]{1,100}(?:\n|$))")
_SIGNER_TAIL_M = re.compile(_SIGNER_TAIL_RE.pattern, re.VERBOSE | re.MULTILINE)
# The blank lines between blocks (a literal "\n" first, so the scan is fast and linear).
_BLANK_RUN_RE = re.compile(r"\n(?:[ \t\xa0\r]*\n)+")
_NON_BLANK_RE = re.compile(r"[^ \t\xa0\r\n]")


def _lines(text: str, start: int, end: int, limit: int = 1 << 30) -> list[tuple[int, int]]:
    """(start, end) of the first ``limit`` lines of ``text[start:end]`` (newlines excluded)."""
    out = []
    p = start
    while p < end and len(out) < limit:
        e = text.find("\n", p, end)
        if e == -1:
            e = end
        out.append((p, e))
        p = e + 1
    return out


def _cable_like(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` reads as cable text rather than a user's words."""
    e = text.find("\n", a, b)
    first = text[a : b if e == -1 else e]
    if _STRONG_RE.match(first) is not None or (len(first) >= 100 and _MEDIUM_RE.match(first) is not None):
        return True  # a long paragraph that starts like one (users number short points too)
    if "OF" in first and page_breaks(first):
        return True
    if e != -1:
        e2 = text.find("\n", e + 1, b)
        second = text[e + 1 : b if e2 == -1 else e2].strip(_H)
        body = first.rstrip(_H)
        # Hard-wrapped: the first line broken mid-sentence at a cable's width.
        if (35 <= len(body) <= 90 and body[-1:] not in ".!?:" and second
                and (first[-1:] in " \t\xa0" or len(second) >= 20 or e2 == -1)):
            return True
        lines = _lines(text, e + 1, b, 7)
        for la, lb in lines:
            line = text[la:lb]
            if _STRONG_RE.match(line) is not None and not line.lstrip(_H).startswith("¶"):
                return True
            if "OF" in line and page_breaks(line):
                return True
        # An old cable in capitals: several lines, no lowercase at all.
        chunk = text[a : lines[min(len(lines), 3) - 1][1]] if lines else first
        if len(chunk) >= 60 and not any(c.islower() for c in chunk):
            return True
    # The viewer's copy: lines end with a space (users' lines do not).
    return len(first) >= 40 and first[-1:] == " " and first.rstrip(_H)[-1:] not in ".!?"


def _is_name(words: list[str]) -> bool:
    return not any(w in _NOT_NAMES or w.upper() in NOT_SIGNERS for w in words) and not all(set(w) <= {"X"} for w in words)


def _signer_line(line: str) -> re.Match | None:
    """A signer alone on ``line`` (GARZA, Leslie BASSETT, Scobey), or None."""
    if len(line) > 48 or (m := _SIGNER_LINE_RE.match(line)) is None:
        return None
    return m if _is_name(m["name"].replace("\xa0", " ").split()) else None


def _signer_tail(line: str) -> re.Match | None:
    """A signer at the end of ``line`` after a sentence ("... XXXXXXXXXXXX. RICE"), or None."""
    if (m := _SIGNER_TAIL_RE.search(line, max(0, len(line) - 60))) is None:
        return None
    return m if _is_name(m["name"].split()) else None


# --- where a body ends ----------------------------------------------------------------------
def _blocks(text: str, start: int, bound: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank line runs of ``text[start:bound]``."""
    out = []
    p = start
    for m in _BLANK_RUN_RE.finditer(text, start, bound):
        if _NON_BLANK_RE.search(text, p, m.start()) is not None:
            out.append((p, m.start()))
        p = m.end()
    if _NON_BLANK_RE.search(text, p, bound) is not None:
        out.append((p, _rstrip_end(text, p, bound)))
    return out


def body_end(text: str, start: int, bound: int, *, excerpt: bool = False) -> int:
    """End of a cable body (or excerpt) starting at ``start``; nothing after ``bound``.

    Blocks are read in order. A body ends at its signer: a name line (or line tail) with no
    cable text right after it; of several, the last one that cable text separates from the
    one before (a name in a list is not the end). A trailer (``NNNN``) ends it at once. With
    no signer, it ends after the last cable-looking block before two user-looking blocks
    (unnumbered paragraphs and quoted text stay in). An excerpt ends at its first signer or
    its first user-looking block. No signer is looked for in the top (SUBJECT, REF ...); a
    link line always ends a cable.
    """
    blocks = _blocks(text, start, bound)
    if not blocks:
        return start
    like: list[bool | None] = [None] * len(blocks)

    def is_like(i: int) -> bool:
        if like[i] is None:
            like[i] = _cable_like(text, *blocks[i])
        return like[i]  # type: ignore[return-value]

    head = not excerpt  # in the top of a body: section labels are cable, no signer yet
    last = 0  # index of the last block that is part of the cable (no signer)
    settled = False  # the no-signer end is known
    signed: tuple[int, int] | None = None  # (end, block) of the best signer so far
    like[0] = True
    gap = 1 if excerpt else 2  # user-looking blocks tolerated inside a body before it ends
    for i, (a, b) in enumerate(blocks):
        if head and i > 0:
            if b - a < 800 and (_HEAD_RE.match(text, a, b) is not None or _all_caps(text, a, b)):
                last = i
                continue
            head = False
        if i > 0 and _stops(text, a, b, excerpt):
            break
        # A signer is the cable's last line: none in a block that more cable text follows.
        more = i + 1 < len(blocks) and is_like(i + 1) and not _trailer_block(text, *blocks[i + 1])
        if not more and (found := _signed_end(text, blocks, i, is_like)) is not None:
            end, trailer = found
            if trailer or excerpt:
                return _trailers_end(text, end, bound)
            if signed is None or any(is_like(j) for j in range(signed[1] + 1, i)):
                signed = (end, i)
        if i > 0 and not settled:
            if is_like(i):
                last = i
            elif not any(is_like(j) for j in range(i + 1, min(len(blocks), i + 1 + gap))):
                if excerpt:
                    break
                settled = True
    if signed is not None:
        return _trailers_end(text, signed[0], bound)
    a, b = blocks[last]
    return _trailers_end(text, _user_tail_cut(text, a, _rstrip_end(text, start, b)), bound)


def _user_tail_cut(text: str, a: int, end: int) -> int:
    """Cut the user's lines typed right under an unsigned cable block (no blank line between).

    They follow the line that ends the cable's last paragraph (a sentence end, or a name at
    its end), where that line is a paragraph of its own (unwrapped) or stops short of the
    wrap width; and they read as no cable: a few short lines, no paragraph mark, marking,
    bullet or wrapping.
    """
    lines = _lines(text, a, end, 400)
    if len(lines) < 2 or len(lines) >= 400:
        return end
    for k in range(max(1, len(lines) - 6), len(lines)):
        prev = text[lines[k - 1][0] : lines[k - 1][1]].rstrip(_WS)
        if prev[-1:] not in '.!?")\'' and not prev.endswith("---") and _signer_tail(prev) is None:
            continue
        if len(prev) <= 120:  # a wrapped paragraph: its last line is shorter than the one above
            above = len(text[lines[k - 2][0] : lines[k - 2][1]].rstrip(_WS)) if k >= 2 else 0
            if not 40 <= above <= 95 or len(prev) >= above - 4:
                continue
        rest = [text[x:y].strip(_WS) for x, y in lines[k:]]
        if (sum(map(len, rest)) > 600 or any(len(r) > 120 for r in rest)
                or any(_STRONG_RE.match(r) or (len(r) >= 80 and _MEDIUM_RE.match(r)) for r in rest)
                or _cable_like(text, lines[k][0], end)):
            continue
        return _rstrip_end(text, a, lines[k - 1][1])
    return end


def _candidates(text: str, a: int, b: int) -> list[tuple[int, str, re.Match]]:
    """Trailer lines and signer lines / line tails of a block, in order: (pos, kind, match)."""
    found = []
    starts = [a] if text.find("\n", a, min(b, a + 101)) != -1 or b - a <= 100 else []
    starts += [m.end() for m in _SHORT_LINE_RE.finditer(text, a, b)]
    for ls in starts:
        le = text.find("\n", ls, b)
        le = b if le == -1 else le
        if (m := _TRAILER_RE.match(text, ls, le)) is not None:
            found.append((ls, "trailer", m))
        elif le - ls <= 48 and (m := _SIGNER_LINE_RE.match(text, ls, le)) is not None:
            found.append((ls, "line", m))
    if found:
        found += [(m.start(), "tail", m) for m in _SIGNER_TAIL_M.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    else:
        found = [(m.start(), "tail", m) for m in _SIGNER_TAIL_M.finditer(text, a, b)]
    return found


def _signed_end(text: str, blocks, i: int, is_like) -> tuple[int, bool] | None:
    """Where block ``i`` ends the cable, after its signer or at a trailer: (end, is trailer)."""
    a, b = blocks[i]
    for pos, kind, m in _candidates(text, a, b):
        ls = text.rfind("\n", a, pos) + 1 or a
        le = text.find("\n", pos, b)
        le = b if le == -1 else le
        if kind == "trailer":
            return le, True
        if not _is_name(m["name"].replace("\xa0", " ").split()):
            continue
        rest = (le + 1, b) if le < b else None
        if kind == "tail":
            if le - ls <= 48 and _SIGNER_LINE_RE.match(text, ls, le) is not None:
                continue  # the whole line is a name: read as a line
            if rest and (not m["name"].isupper() or text[_skip_h(text, rest[0])].islower()):
                continue  # mid-paragraph: only "... RICE" in capitals, and not inside a sentence
        elif not _after_sentence(text, a, ls, blocks, i, is_like) and not (m["name"].isupper() and (
                ls <= a or not text[_rstrip_end(text, a, ls - 1) - 1].islower())):
            continue  # a name in capitals is a signer unless a sentence runs on into it
        caps = kind == "tail" or m["name"].isupper()
        if rest:
            if _cable_like(text, *rest):
                continue
        elif i + 1 < len(blocks) and is_like(i + 1) and not _trailer_block(text, *blocks[i + 1]):
            continue
        if not caps and _more_cable(text, blocks, i + 1, 2, is_like):
            continue
        return _rstrip_end(text, ls, le), False
    return None


def _after_sentence(text: str, a: int, ls: int, blocks, i: int, is_like) -> bool:
    """Whether a name-like line stands where a signer does: after a finished sentence."""
    if ls <= a:
        return i == 0 or is_like(i - 1)  # after a user's block it is the user's line
    prev = text[text.rfind("\n", a, ls - 1) + 1 or a : ls - 1].rstrip(_WS)
    return prev[-1:] in '.!?)"\':*' or prev.endswith(("XXX", "html", "/")) or "://" in prev or "www." in prev


def _all_caps(text: str, a: int, b: int) -> bool:
    if b - a > 400 or text.count("\n", a, b) > 3:
        return False
    chunk = text[a:b]
    return not any(c.islower() for c in chunk) and any(c.isalpha() for c in chunk)


def _stops(text: str, a: int, b: int, excerpt: bool) -> bool:
    """A block that is the user's and ends any cable before it: a link line, a short remark."""
    if b - a > 300 or text.find("\n", a, b) != -1:
        return False
    line = text[a:b].strip(_WS)
    if line.startswith(("http://", "https://", "www.")):
        return "sgov.gov" not in line and "intelink" not in line  # the cable's own footer links
    return excerpt and len(line) < 120 and line[-1:] in ".!?:" and _STRONG_RE.match(line) is None and _MEDIUM_RE.match(line) is None


def _more_cable(text: str, blocks, i: int, n: int, is_like) -> bool:
    """Whether one of the ``n`` blocks from ``i`` reads as cable (a name-like line was not the end)."""
    return any(is_like(j) and not _trailer_block(text, *blocks[j]) for j in range(i, min(len(blocks), i + n)))


def _trailer_block(text: str, a: int, b: int) -> bool:
    return b - a < 200 and all(_TRAILER_RE.match(text[x:y]) is not None for x, y in _lines(text, a, b))


def _trailers_end(text: str, end: int, bound: int) -> int:
    """Extend ``end`` over the ``NNNN`` / ``End Cable Text`` lines that follow it."""
    p = end
    while True:
        q = _skip_ws(text, p, bound)
        if q >= bound:
            return end
        e = _line_end(text, q)
        if e > bound or _TRAILER_RE.match(text, q, e) is None:
            return end
        end = p = _rstrip_end(text, q, e)


# --- a whole post -----------------------------------------------------------------------------
class _Bounds:
    """Where the next cable starts after a point: the next non-excerpt anchor, or ``[/code]``."""

    __slots__ = ("text", "starts", "code_ends")

    def __init__(self, text: str, anchors: list[_Anchor]) -> None:
        self.text = text
        self.starts = [a.pos for a in anchors]
        ends, p = [], text.find("[/code]")
        while p != -1:
            ends.append(p)
            p = text.find("[/code]", p + 1)
        self.code_ends = ends

    def after(self, p: int) -> int:
        """The first cable start after the line holding ``p`` (or a ``[/code]`` after ``p``)."""
        le = _line_end(self.text, p)
        i = bisect_left(self.starts, le + 1)
        best = self.starts[i] if i < len(self.starts) else len(self.text)
        j = bisect_left(self.code_ends, p)
        if j < len(self.code_ends) and self.code_ends[j] < best:
            best = self.code_ends[j]
        return best


def find_pasted(text: str) -> tuple[Pasted, ...]:
    """Every pasted cable of ``text``, in order: where it starts and ends, and its layout."""
    anchors = _anchors(text)
    bounds = _Bounds(text, anchors)
    out: list[Pasted] = []
    pos = 0
    i = 0
    while pos < len(text):
        while i < len(anchors) and anchors[i].pos < pos:
            i += 1
        # An excerpt in the user's text before the next cable.
        stop = anchors[i].pos if i < len(anchors) else len(text)
        if (e := _next_excerpt(text, pos, stop)) is not None:
            start = _skip_h(text, e)
            end = body_end(text, start, bounds.after(start), excerpt=True)
            if end > start:
                out.append(Pasted(start=start, end=end, layout="excerpt"))
            pos = max(end, _line_end(text, e) + 1)
            continue
        if i >= len(anchors):
            break
        span, nxt = _read_cable(text, anchors, i, bounds)
        if span is not None and span.end > span.start:
            # A mirror's copy: the top, its metadata dump, then the whole cable again.
            while (j := _same_cable_next(text, span, anchors, nxt)) is not None:
                more, nxt = _read_cable(text, anchors, j, bounds)
                if more is None or more.end <= span.end:
                    break
                span = replace(span, end=more.end, year=span.year or more.year)
            out.append(span)
            pos = span.end
        else:
            pos = max(pos, anchors[i].pos + 1)
        i = max(i + 1, nxt)
    return tuple(out)


# The lines of a metadata dump between two copies of one cable's text (a mirror's page).
_DUMP_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?: [0-9]{1,7}                                         # internal id
      | [0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ \t][0-9:]{4,8})?               # created
      | [0-9]{2}[A-Z]{3,30}[0-9]{1,7}(?:[|,][ ]?[0-9]{2}[A-Z]{3,30}[0-9]{1,7})*   # IDs
      | (?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,40} | U | C | S
      | (?:Embassy|Consulate|Mission|Secretary|USUN|US[ ]|USEU|UNVIE|American|Iran|REO|Office)[^\n]{0,60}
      | =+[ \t\xa0]*CABLE[ \t\xa0]+ENDS[ \t\xa0]*=+ | -+[ \t\xa0]*header[ \t\xa0]+ends[ \t\xa0]*-+
    )?[ \t\xa0\r]*
    """,
    re.VERBOSE,
)


def _same_cable_next(text: str, span: Pasted, anchors: list[_Anchor], j: int) -> int | None:
    """Index of the next anchor if it starts the same cable again after a metadata dump."""
    while j < len(anchors) and anchors[j].pos < span.end:
        j += 1
    if j >= len(anchors) or anchors[j].kind != "body" or anchors[j].pos - span.end > 600:
        return None
    gap = text[span.end : anchors[j].pos]
    if "\n" not in gap or not all(_DUMP_LINE_RE.fullmatch(line) for line in gap.split("\n")):
        return None
    first = CLASS_LINE_RE.search(text, span.start, min(span.end, span.start + _WINDOW))
    again = CLASS_LINE_RE.match(text, anchors[j].pos)
    if first is None or again is None or int(first["serial"]) != int(again["serial"]):
        return None
    return j


def _read_cable(text: str, anchors: list[_Anchor], i: int, bounds: _Bounds) -> tuple[Pasted | None, int]:
    """Read the cable whose first part is ``anchors[i]``: (span, index of the next anchor to try)."""
    first = anchors[i]
    start = _skip_h(text, first.pos)
    year, ref_id, layout = first.year, first.ref_id, _LAYOUT[first.kind]
    j = i
    top_end = start
    header_seen = False
    while True:
        a = anchors[j]
        if a.kind == "csv":
            return _read_csv(text, start, a, bounds, layout if j > i else "csv", year, ref_id), j + 1
        if a.kind == "body":
            if year is None and header_seen and (y := _DTG_YEAR_RE.search(text, start, a.pos)):
                year = _year4(int(y["yy"]))
            end = body_end(text, a.pos, bounds.after(a.pos))
            return Pasted(start=start, end=end, layout=layout, year=year, ref_id=ref_id), j + 1
        # a top part: metadata, header, DTG header, partial note, viewer line, date line
        header_seen = header_seen or a.kind in ("header", "dtg", "partial", "dump")
        year = year or a.year
        ref_id = ref_id or a.ref_id
        top_end = max(top_end, _top_part_end(text, a, bounds))
        nxt = j + 1
        while nxt < len(anchors) and anchors[nxt].pos < top_end:
            nxt += 1
        if nxt < len(anchors) and _joins(text, top_end, anchors[nxt], a):
            j = nxt
            continue
        break
    if year is None and header_seen and (y := _DTG_YEAR_RE.search(text, start, min(top_end, start + _WINDOW))):
        year = _year4(int(y["yy"]))
    # A top with no classification line: the body (if any) follows the header's blank line.
    if header_seen or first.kind in ("metadata", "viewer"):
        p = _skip_ws(text, top_end)
        if p < len(text):
            bound = bounds.after(top_end) if top_end < len(text) else len(text)
            if p < bound:
                end = body_end(text, _line_start(text, p), bound)
                if end > p:
                    top_end = end
    return Pasted(start=start, end=_rstrip_end(text, start, top_end), layout=layout, year=year, ref_id=ref_id), j + 1


_LAYOUT = {"dump": "metadata", "metadata": "metadata", "header": "header", "dtg": "header", "partial": "header", "viewer": "viewer",
           "date": "newspaper", "body": "body", "csv": "csv", "excerpt": "excerpt"}


def _top_part_end(text: str, a: _Anchor, bounds: _Bounds) -> int:
    """Where a top part ends: the metadata block / title line itself, a header at its blank line."""
    if a.kind in ("metadata", "viewer", "date", "partial", "dump"):
        return _rstrip_end(text, a.pos, a.end)
    # A routing header runs to its first blank line (never past the next cable).
    stop = min(bounds.after(a.pos), len(text))
    blank = _BLANK_RUN_RE.search(text, a.pos, min(stop, a.pos + _WINDOW))
    return _rstrip_end(text, a.pos, blank.start() if blank else min(stop, a.pos + _WINDOW))


def _joins(text: str, top_end: int, nxt: _Anchor, prev: _Anchor) -> bool:
    """Whether the anchor after a top part is the same cable's next part."""
    if nxt.kind == "excerpt" or nxt.pos - top_end > _WINDOW:
        return False
    gap = text[top_end : nxt.pos]
    if prev.kind in ("metadata", "viewer") and nxt.kind in ("metadata", "viewer"):
        return False
    if prev.kind in ("dump", "partial"):
        return True  # their own lines are prose ("This record is a partial extract ...")
    # The gap between two parts holds only header text: routing lines, table lines, no prose.
    for line in gap.split("\n"):
        words = line.split()
        if sum(1 for w in words if w.islower() and w.isalpha()) >= 3 and not line.startswith(("Reference ID", "This record")):
            return False
    return True


def _read_csv(text: str, start: int, a: _Anchor, bounds: _Bounds, layout: str, year, ref_id) -> Pasted:
    m = CSV_ROW_RE.match(text, a.pos)
    end, last_field, closed = _csv_row(text, m.start("iid"))
    if not closed:
        # A quoted field that never closes (a dropped last quote): the body's own end.
        end = body_end(text, last_field, bounds.after(last_field))
    return Pasted(start=start, end=max(end, a.end), layout=layout, year=year, ref_id=ref_id)


def _csv_row(text: str, pos: int) -> tuple[int, int, bool]:
    """End of the CSV row at ``pos``, where its last field starts, and whether it closed.

    Quotes inside a field are doubled (``""``) or backslash-escaped (``\\"``), as cablemap
    reads ``cables.csv``; a row's eight fields end at the last field's closing quote.
    """
    n = len(text)
    field = pos
    for k in range(8):
        field = pos
        if pos < n and text[pos] == '"':
            j = pos + 1
            while True:
                q = text.find('"', j)
                if q == -1:
                    return n, field + 1, False
                if text.startswith('""', q):
                    j = q + 2
                elif text[q - 1] == "\\":  # \" inside the field
                    j = q + 1
                else:
                    break
            pos = q + 1
        else:
            e = text.find(",", pos, _line_end(text, pos))
            pos = _line_end(text, pos) if e == -1 else e
        if k < 7:
            if pos < n and text[pos] == ",":
                pos += 1
            else:
                return pos, field, True  # a short row: it ends where its fields stop
    return pos, field, True
