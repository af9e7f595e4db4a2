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
from dataclasses import dataclass

from .classification import CLASS_LINE_RE
from .header import DTG_RE, HEADER_RE
from .paragraphs import EXCERPT_RE, PARTIAL_RE, page_breaks
from .signer import NOT_SIGNERS
from .views import CSV_ROW_RE, META_RE

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
    (?:^|\n)[ \t\xa0]*(?:\[code\])?
    (?: [0-9]{1,7}(?:,|[ \t\xa0]*\r?\n|\.[ \t\xa0]*\()   # CSV row, metadata block, "1. (C)"
      | VZCZC                                          # routing header
      | (?:[RPOZ][ \t\xa0]+){1,2}[0-9]{6}Z             # header starting at the DTG
      | UNCLAS | C[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f) | S[ ]?E[ ]?C[ ]?R | (?i:s[ ]e[ ]c[ ]r)   # body
      | ¶                                              # excerpt
      | This[ ]record                                  # partial-extract note
      | Viewing[ ]cable                                # the viewer page's title line
      | (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,    # newspaper partner's date line
    )
    """,
    re.VERBOSE,
)
# "Friday, 07 March 2008, 15:00" (a newspaper partner's copy, CABLE-FORMATS.md (b)).
DATE_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,[ \t\xa0]+[0-9]{1,2}[ \t\xa0]+
    (?:January|February|March|April|May|June|July|August|September|October|November|December)
    [ \t\xa0]+(?P<year>(?:19|20)[0-9]{2}),[ \t\xa0]+[0-9]{1,2}:[0-9]{2}[ \t\xa0]*(?=\r?\n|$)
    """,
    re.VERBOSE,
)
# "Viewing cable 08MEXICO23, SUBJECT" (text copied from the viewer page).
VIEWER_LINE_RE = re.compile(r"[ \t\xa0]*Viewing[ \t\xa0]+cable[ \t\xa0]+(?P<id>[0-9]{2}[A-Z]{2,40}[0-9]{1,9})\b")
# The FM line that must follow a DTG line for the DTG to start a header.
_FM_AFTER_RE = re.compile(r"[ \t\xa0]*\r?\n[ \t\xa0]*FM[ \t\xa0]+[A-Z]")
_DTG_YEAR_RE = re.compile(r"[0-9]{6}Z[ \t\xa0]+[A-Z]{3}[ \t\xa0]+(?P<yy>[0-9]{2})")
_TOP_KINDS = ("metadata", "header", "dtg", "partial", "viewer", "date")
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
    if (m := DTG_RE.match(text, ls)) is not None and _FM_AFTER_RE.match(text, m.end()) is not None:
        y = _DTG_YEAR_RE.search(m.group())
        return _Anchor(ls, "dtg", m.end(), year=_year4(int(y["yy"])) if y else None)
    if CLASS_LINE_RE.match(text, ls) is not None:
        return _Anchor(ls, "body", ls)
    p = _skip_h(text, ls)
    if PARTIAL_RE.match(text, p) is not None:
        return _Anchor(ls, "partial", _line_end(text, p))
    if (m := VIEWER_LINE_RE.match(text, ls)) is not None:
        return _Anchor(ls, "viewer", _line_end(text, m.end()), ref_id=m["id"])
    if (m := DATE_LINE_RE.match(text, ls)) is not None:
        nxt = _skip_ws(text, m.end())
        if CLASS_LINE_RE.match(text, _line_start(text, nxt)) is not None:
            return _Anchor(ls, "date", m.end(), year=int(m["year"]))
        return None
    if EXCERPT_RE.match(text, ls) is not None:
        return _Anchor(ls, "excerpt", ls)
    return None


def _anchors(text: str) -> list[_Anchor]:
    out = []
    for h in _LINE_HINT_RE.finditer(text):
        ls = h.start() if h.start() == 0 and text[:1] != "\n" else h.start() + 1
        if (a := _anchor_at(text, ls)) is not None:
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
      | -{{5,}}[ \t\xa0]*header[ \t\xa0]+ends                        # a mirror's header marker
      | X{{6,}}                                                  # redaction
      | (?:Visit|Please[ \t\xa0]+visit)[ \t\xa0][^\n]{{0,60}}Classified   # footer
      | NNNN | End[ \t\xa0]+Cable[ \t\xa0]+Text | Declassified/Released    # trailers
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
        (?:[A-Z][A-Z'-]{2,}|(?:Mc|Mac|O')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)   # BASSETT, Scobey, O'Neill
        (?:[ \t\xa0]+(?:[A-Z][A-Z'-]{2,}|[A-Z][a-z]+)){0,2}   # KEEGAN PAAL
    )(?:[ \t\xa0]*(?<=[A-Z])[ \t\xa0]*\.)?[ \t\xa0]*(?:\\)?$       # "EASON ." (capitals only)
    """,
    re.VERBOSE,
)
# A signer at the end of the last text line: "... XXXXXXXXXXXX. RICE", "... 2007.) Scobey".
_SIGNER_TAIL_RE = re.compile(
    r"""
    [.!?)"'][ \t\xa0]{1,3}
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


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text[start:end]``, ends excluding the newline."""
    out = []
    p = start
    while p < end:
        e = text.find("\n", p, end)
        if e == -1:
            e = end
        out.append((p, e))
        p = e + 1
    return out


def _blank(text: str, a: int, b: int) -> bool:
    return not text[a:b].strip(_WS)


def _cable_like(text: str, lines: list[tuple[int, int]], head: bool) -> bool:
    """Whether a block (its lines) reads as cable text rather than a user's words."""
    if not lines:
        return False
    a, b = lines[0]
    first = text[a:b]
    if _STRONG_RE.match(first) is not None or (head and _HEAD_RE.match(first) is not None):
        return True
    size = lines[-1][1] - a
    if size >= 100 and _MEDIUM_RE.match(first) is not None:
        return True
    for la, lb in lines[:8]:
        line = text[la:lb]
        if _STRONG_RE.match(line) is not None and not line.lstrip(_H).startswith(("¶",)):
            return True
        if "OF" in line and page_breaks(line):
            return True
    if len(lines) >= 2:
        body = first.rstrip(_H)
        # Hard-wrapped: the first line broken mid-sentence at a cable's width.
        if 35 <= len(body) <= 90 and body[-1:] not in ".!?:" and (first[-1:] in " \t\xa0" or len(lines[1]) > 0):
            second = text[lines[1][0] : lines[1][1]].strip(_H)
            if second and (first[-1:] in " \t\xa0" or len(second) >= 20 or len(lines) == 2):
                return True
        # An old cable in capitals: several lines, no lowercase at all.
        chunk = text[a : lines[min(len(lines), 4) - 1][1]]
        if len(chunk) >= 60 and not any(c.islower() for c in chunk):
            return True
    # The viewer's copy: lines end with a space (users' lines do not).
    if len(first) >= 40 and first[-1:] == " " and first.rstrip(_H)[-1:] not in ".!?":
        return True
    return False


def _signer_line(line: str) -> re.Match | None:
    if len(line) > 48 or not line.strip(_WS):
        return None
    m = _SIGNER_LINE_RE.match(line)
    if m is None:
        return None
    words = m["name"].replace("\xa0", " ").split()
    if any(w in _NOT_NAMES or w.upper() in NOT_SIGNERS for w in words) or all(set(w) <= {"X"} for w in words):
        return None
    return m


def _signer_tail(line: str) -> re.Match | None:
    if len(line) < 4 or not line.rstrip(_WS)[-1:].isalpha():
        return None
    m = _SIGNER_TAIL_RE.search(line, max(0, len(line) - 60))
    if m is None:
        return None
    words = m["name"].split()
    if any(w in _NOT_NAMES or w.upper() in NOT_SIGNERS for w in words) or all(set(w) <= {"X"} for w in words):
        return None
    return m


# --- where a body ends ----------------------------------------------------------------------
def _blocks(text: str, start: int, bound: int) -> list[list[tuple[int, int]]]:
    """The non-blank line runs of ``text[start:bound]``."""
    blocks: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for a, b in _lines(text, start, bound):
        if _blank(text, a, b):
            if cur:
                blocks.append(cur)
                cur = []
        else:
            cur.append((a, b))
    if cur:
        blocks.append(cur)
    return blocks


def body_end(text: str, start: int, bound: int, *, excerpt: bool = False) -> int:
    """End of a cable body (or excerpt) starting at ``start``; nothing after ``bound``.

    Blocks are read in order. The body ends at the first signer followed by text that is
    not cable, at a trailer run, or (no signer) after the last cable block before a user's
    block (for a full body, two user-looking blocks in a row: unnumbered paragraphs and
    quoted text stay in the cable). No signer is looked for in the top (SUBJECT, REF ...).
    """
    blocks = _blocks(text, start, bound)
    if not blocks:
        return start
    like: list[bool | None] = [None] * len(blocks)

    def is_like(i: int) -> bool:
        if like[i] is None:
            like[i] = _cable_like(text, blocks[i], False)
        return like[i]  # type: ignore[return-value]

    head = not excerpt  # in the top of a body: section labels are cable, no signer yet
    last = 0  # index of the last block that is part of the cable
    like[0] = True
    gap = 1 if excerpt else 2  # user-looking blocks tolerated inside a body before it ends
    for i, blk in enumerate(blocks):
        if head and i > 0:
            if _HEAD_RE.match(text, blk[0][0], blk[0][1]) is not None or _all_caps(text, blk):
                last = i
                continue
            head = False
        if i > 0 and _stops(text, blk, excerpt):
            break
        if (end := _signed_end(text, blocks, i, is_like)) is not None:
            return _trailers_end(text, end, bound)
        if i > 0:
            if is_like(i):
                last = i
            elif not any(is_like(j) for j in range(i + 1, min(len(blocks), i + 1 + gap))):
                break
    return _trailers_end(text, _rstrip_end(text, start, blocks[last][-1][1]), bound)


def _signed_end(text: str, blocks, i: int, is_like) -> int | None:
    """Where block ``i`` ends the cable: after its signer (or trailer), if it has one."""
    blk = blocks[i]
    for k, (a, b) in enumerate(blk):
        line = text[a:b]
        if _TRAILER_RE.match(line) is not None:
            return b
        m = _signer_line(line)
        tail = m is None and _signer_tail(line) is not None
        if m is None and not tail:
            continue
        rest = blk[k + 1 :]
        if tail and rest and (not line.rstrip(_WS)[-3:].isupper() or text[rest[0][0] : rest[0][1]].lstrip(_H)[:1].islower()):
            continue  # mid-paragraph: only "... RICE" in capitals, and not inside a sentence
        if m is not None and not _after_sentence(text, blk, k, blocks, i, is_like):
            continue
        caps = tail or m["name"].isupper()
        if rest:
            if _cable_like(text, rest, False):
                continue
        elif i + 1 < len(blocks) and is_like(i + 1) and not _trailer_block(text, blocks[i + 1]):
            continue
        if not caps and _more_cable(text, blocks, i + 1, 2, is_like):
            continue
        return _rstrip_end(text, a, b)
    return None


def _after_sentence(text: str, blk, k: int, blocks, i: int, is_like) -> bool:
    """Whether a name-like line stands where a signer does: after a finished sentence."""
    if k == 0:
        return i == 0 or is_like(i - 1)  # after a user's block it is the user's line
    prev = text[blk[k - 1][0] : blk[k - 1][1]].rstrip(_WS)
    return prev[-1:] in '.!?)"\':*' or prev.endswith(("XXX", "html", "/")) or "http" in prev


def _all_caps(text: str, blk) -> bool:
    chunk = text[blk[0][0] : blk[-1][1]]
    return len(blk) <= 4 and not any(c.islower() for c in chunk) and any(c.isalpha() for c in chunk)


def _stops(text: str, blk, excerpt: bool) -> bool:
    """A block that is the user's and ends any cable before it: a link line, a short remark."""
    if len(blk) != 1:
        return False
    line = text[blk[0][0] : blk[0][1]].strip(_WS)
    if line.startswith(("http://", "https://", "www.")):
        return True
    return excerpt and len(line) < 120 and line[-1:] in ".!?:" and _STRONG_RE.match(line) is None and _MEDIUM_RE.match(line) is None


def _numbered(text: str, line: tuple[int, int]) -> bool:
    return _STRONG_RE.match(text, line[0], line[1]) is not None and text[line[0] : line[1]].lstrip(_H)[:1] in "¶0123456789"


def _more_cable(text: str, blocks, i: int, n: int, is_like) -> bool:
    """Whether one of the ``n`` blocks from ``i`` reads as cable (a name-like line was not the end)."""
    return any(is_like(j) and not _trailer_block(text, blocks[j]) for j in range(i, min(len(blocks), i + n)))


def _trailer_block(text: str, blk) -> bool:
    return all(_TRAILER_RE.match(text[a:b]) is not None for a, b in blk)


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
        self.starts = [a.pos for a in anchors if a.kind != "excerpt"]
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
    if not anchors:
        return ()
    bounds = _Bounds(text, anchors)
    out: list[Pasted] = []
    pos = 0
    i = 0
    while i < len(anchors):
        a = anchors[i]
        if a.pos < pos:
            i += 1
            continue
        span, nxt = _read_cable(text, anchors, i, bounds)
        if span is not None and span.end > span.start:
            out.append(span)
            pos = span.end
        else:
            pos = max(pos, a.pos + 1)
        i = max(i + 1, nxt)
    return tuple(out)


def _read_cable(text: str, anchors: list[_Anchor], i: int, bounds: _Bounds) -> tuple[Pasted | None, int]:
    """Read the cable whose first part is ``anchors[i]``: (span, index of the next anchor to try)."""
    first = anchors[i]
    start = _skip_h(text, first.pos)
    if first.kind == "excerpt":
        end = body_end(text, start, bounds.after(start), excerpt=True)
        return Pasted(start=start, end=end, layout="excerpt"), i + 1
    year, ref_id, layout = first.year, first.ref_id, _LAYOUT[first.kind]
    j = i
    top_end = start
    header_seen = False
    while True:
        a = anchors[j]
        if a.kind == "csv":
            return _read_csv(text, start, a, bounds, layout if j > i else "csv", year, ref_id), j + 1
        if a.kind == "body":
            end = body_end(text, a.pos, bounds.after(a.pos))
            return Pasted(start=start, end=end, layout=layout, year=year, ref_id=ref_id), j + 1
        # a top part: metadata, header, DTG header, partial note, viewer line, date line
        header_seen = header_seen or a.kind in ("header", "dtg", "partial")
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


_LAYOUT = {"metadata": "metadata", "header": "header", "dtg": "header", "partial": "header", "viewer": "viewer",
           "date": "newspaper", "body": "body", "csv": "csv", "excerpt": "excerpt"}


def _top_part_end(text: str, a: _Anchor, bounds: _Bounds) -> int:
    """Where a top part ends: the metadata block / title line itself, a header at its blank line."""
    if a.kind in ("metadata", "viewer", "date", "partial"):
        return _rstrip_end(text, a.pos, a.end)
    # A routing header runs to its first blank line (never past the next cable).
    stop = min(bounds.after(a.pos), len(text))
    for la, lb in _lines(text, a.pos, min(stop, a.pos + _WINDOW)):
        if _blank(text, la, lb):
            return _rstrip_end(text, a.pos, la)
    return _rstrip_end(text, a.pos, min(stop, a.pos + _WINDOW))


def _joins(text: str, top_end: int, nxt: _Anchor, prev: _Anchor) -> bool:
    """Whether the anchor after a top part is the same cable's next part."""
    if nxt.kind == "excerpt" or nxt.pos - top_end > _WINDOW:
        return False
    gap = text[top_end : nxt.pos]
    if prev.kind in ("metadata", "viewer") and nxt.kind in ("metadata", "viewer"):
        return False
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
