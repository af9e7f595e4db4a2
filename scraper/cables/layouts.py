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

The parts live in their own modules: ``anchors`` (where a cable can start), ``tops``
(where a top's parts end and which join), ``mirrors`` (what mirrors wrap around a cable),
``blocks`` (what a block of lines is), ``ends`` (where a body ends), ``reaches`` (an unsigned
end carried on to the signer across text in the cable's register), ``textspan`` (offset
helpers); this module reads whole posts and CSV rows with them.

Work is linear in the text: anchors are found in one pass over line starts, blank lines
and blocks are read once per cable, and every scan is bounded by the next cable.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from .classification import CLASS_LINE_RE
from .views import CSV_ROW_RE
from .textspan import line_end, line_start, rstrip_end, skip_h, skip_ws, year4
from .blocks import BLANK_RUN_RE, split_blocks, stops
from .tops import joins, prose_next, text_under_dated_line, top_part_end
from .ends import body_end
from .reaches import signed_end
from .signers import trailers_end
from .mirrors import top_lines_above
from .anchors import Anchor, DTG_YEAR_RE, WINDOW, FieldsFinder, find_anchors, next_excerpt


@dataclass(frozen=True, slots=True)
class Pasted:
    """One pasted cable: ``text[start:end]``, its layout and what its own top says."""

    start: int
    end: int
    layout: str  # csv, metadata, header, body, excerpt, newspaper, viewer
    year: int | None = None  # four-digit year from the paste's DTG or date line
    ref_id: str | None = None  # the ID the paste names itself (viewer page line)


# --- a whole post -----------------------------------------------------------------------------
class _Bounds:
    """Where the next cable starts after a point: the next non-excerpt anchor, or ``[/code]``."""

    __slots__ = ("text", "anchors", "starts", "code_ends", "tops", "links")

    def __init__(self, text: str, anchors: list[Anchor]) -> None:
        self.text = text
        self.anchors = anchors
        # Read on first use (speed: most posts paste nothing, and never ask).
        self.starts: list[int] | None = None
        self.tops: list[int] | None = None
        self.code_ends: list[int] | None = None
        self.links: list[int] | None = None

    def _read_ends(self) -> None:
        text = self.text
        self.starts = [a.pos for a in self.anchors]
        ends, p = [], text.find("[/code]") if "[" in text else -1  # ("[" first: a one-character scan is faster)
        while p != -1:
            ends.append(p)
            p = text.find("[/code]", p + 1)
        self.code_ends = ends
        # A line that links to a cable's page (".../cable/2008/04/08X1.html") is the user's:
        # no cable's text holds one (the viewer's own URLs came later), so a cable before it
        # ends before it, and what follows it (an excerpt typed under the link) is the next.
        self.links = _cable_link_lines(text)

    def after(self, p: int) -> int:
        """The first cable start after the line holding ``p`` (or a ``[/code]`` after ``p``)."""
        if self.links is None:
            self._read_ends()
        le = line_end(self.text, p)
        i = bisect_left(self.starts, le + 1)
        best = self.starts[i] if i < len(self.starts) else len(self.text)
        j = bisect_left(self.code_ends, p)
        if j < len(self.code_ends) and self.code_ends[j] < best:
            best = self.code_ends[j]
        k = bisect_left(self.links, le + 1)
        if k < len(self.links) and self.links[k] < best:
            best = self.links[k]
        return best

    def top_inside(self, a: int, b: int) -> int | None:
        """The first cable top (CSV row, metadata block ...) strictly inside ``(a, b)``, if any."""
        if self.tops is None:
            # Tops that only ever open a cable (never inside one's text): CSV rows, metadata
            # blocks, the viewer's line, a newspaper's date line, a dump, an export's top.
            self.tops = [a.pos for a in self.anchors if a.kind in ("csv", "metadata", "viewer", "date", "dump")]
        i = bisect_left(self.tops, a + 1)
        return self.tops[i] if i < len(self.tops) and self.tops[i] < b else None


_CABLE_LINK_RE = re.compile(r"[ \t\xa0]*(?:https?://|www\.)[^\s]{0,80}/cable/[0-9]{4}/[0-9]{2}/[0-9]{2}[A-Z][A-Z0-9_-]{1,30}\.html?[^\s]*[ \t\xa0\r]*(?:\n|$)")


def _cable_link_lines(text: str) -> list[int]:
    """The starts of the lines that are a link to a cable's page, in order (a literal scan)."""
    out = []
    i = text.find("/cable/")
    while i != -1:
        ls = line_start(text, i)
        if _CABLE_LINK_RE.match(text, ls) is not None:
            out.append(ls)
        i = text.find("/cable/", line_end(text, i))
    return out


def find_pasted(text: str) -> tuple[Pasted, ...]:
    """Every pasted cable of ``text``, in order: where it starts and ends, and its layout."""
    anchors = find_anchors(text)
    bounds = _Bounds(text, anchors)
    fields = FieldsFinder(text)
    out: list[Pasted] = []
    pos = 0
    i = 0
    while pos < len(text):
        while i < len(anchors) and anchors[i].pos < pos:
            i += 1
        # An excerpt in the user's text before the next cable.
        stop = anchors[i].pos if i < len(anchors) else len(text)
        e = next_excerpt(text, pos, stop)
        if (f := fields.next(pos, stop if e is None else e + 1)) is not None and (e is None or f <= e):
            # A body with no classification line: it starts at its caveats / E.O. / TAGS.
            end = body_end(text, f, bounds.after(f))
            if end > f:
                out.append(Pasted(start=f, end=end, layout="body"))
            pos = max(end, line_end(text, f) + 1)
            continue
        if e is not None:
            start = skip_h(text, e)
            end = body_end(text, start, bounds.after(start), excerpt=True)
            if end > start:
                out.append(Pasted(start=start, end=end, layout="excerpt"))
            pos = max(end, line_end(text, e) + 1)
            continue
        if i >= len(anchors):
            break
        span, nxt = _read_cable(text, anchors, i, bounds)
        if span is not None and out and (rep := _repeated_header_end(text, out[-1], anchors[i], span)) is not None:
            out[-1] = replace(out[-1], end=rep)  # the cable's own header again, under its last line
            pos = rep
            i = max(i + 1, nxt)
            continue
        if span is not None and span.end > span.start:
            # A mirror's copy: the top, its metadata dump, then the whole cable again.
            while (j := _same_cable_next(text, span, anchors, nxt)) is not None:
                more, nxt = _read_cable(text, anchors, j, bounds)
                if more is None or more.end <= span.end:
                    break
                span = replace(span, end=more.end, year=span.year or more.year)
            # The mirror's lines right above the top (a banner, a date, an export's subject).
            if (above := top_lines_above(text, span.start, pos)) != span.start:
                span = replace(span, start=above)
            if out and (cut := _preview_cut_end(text, out[-1], span)) is not None:
                out[-1] = replace(out[-1], end=cut)
            out.append(span)
            pos = span.end
        else:
            if out and anchors[i].kind == "wrapper" and not text[out[-1].end : anchors[i].pos].strip():
                # An export's banner right under a cable's trailer, no cable under it: the print
                # stamp of the copy above ("End Cable Text" / "Name 07/30/2008 04:04:14 PM From
                # DB/Inbox: ..."), which ``signers.trailers_end`` reads after a trailer.
                if (e := trailers_end(text, out[-1].end, bounds.after(anchors[i].pos))) > anchors[i].pos:
                    out[-1] = replace(out[-1], end=e)
                    pos = max(pos, e)
            pos = max(pos, anchors[i].pos + 1)
        i = max(i + 1, nxt)
    return _joined_over_authority_lines(text, out)


# The classification authority line with its reason ("Classified By: SUZANNE MCCORMICK, DIR.,
# INR/OPS. REASON: 1.4(C)."): the cable's, never a user's ("Classified by whom, and why?").
_AUTHORITY_LINE_RE = re.compile(r"[ \t\xa0]*(?i:classified)[ \t\xa0]+(?i:by)\b[^\n]*?(?:(?i:reasons?)|\b1\.[4-6][ \t\xa0]*\()[^\n]*")


def _joined_over_authority_lines(text: str, out: list[Pasted]) -> tuple[Pasted, ...]:
    """``out`` with two pastes joined where only a classification authority line stands
    between them and the second is paragraphs with no top of their own: one cable, whose top
    the grammar ended above that line (a body that is itself a garbled CSV row, its field
    closed before the line) and read again below it. Under it a cable with its own top starts
    at the line."""
    joined: list[Pasted] = []
    for p in out:
        if joined and _AUTHORITY_LINE_RE.fullmatch(text[joined[-1].end : p.start].strip("\n\r \t\xa0")) is not None:
            if p.layout == "excerpt":
                joined[-1] = replace(joined[-1], end=p.end)  # paragraphs with no top of their own: the cable goes on
                continue
            p = replace(p, start=skip_ws(text, joined[-1].end))  # a cable of its own: the line opens its top
        joined.append(p)
    return tuple(joined)


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


def _same_cable_next(text: str, span: Pasted, anchors: list[Anchor], j: int) -> int | None:
    """Index of the next anchor if it starts the same cable again after a metadata dump."""
    while j < len(anchors) and anchors[j].pos < span.end:
        j += 1
    if j >= len(anchors) or anchors[j].kind != "body" or anchors[j].pos - span.end > 600:
        return None
    gap = text[span.end : anchors[j].pos]
    if "\n" not in gap or not all(_DUMP_LINE_RE.fullmatch(line) for line in gap.split("\n")):
        return None
    first = CLASS_LINE_RE.search(text, span.start, min(span.end, span.start + WINDOW))
    again = CLASS_LINE_RE.match(text, anchors[j].pos)
    if first is None or again is None or int(first["serial"]) != int(again["serial"]):
        return None
    return j


def _read_cable(text: str, anchors: list[Anchor], i: int, bounds: _Bounds) -> tuple[Pasted | None, int]:
    """Read the cable whose first part is ``anchors[i]``: (span, index of the next anchor to try)."""
    first = anchors[i]
    start = skip_h(text, first.pos)
    year, ref_id, layout = first.year, first.ref_id, _LAYOUT[first.kind]
    j = i
    top_end = start
    header_seen = False
    fields_seen = False  # a metadata block, the viewer's table or an export's top: a body follows
    while True:
        a = anchors[j]
        if a.kind == "csv":
            return _read_csv(text, start, a, bounds, layout if j > i else "csv", year, ref_id), j + 1
        if a.kind == "body":
            if year is None and header_seen and (y := DTG_YEAR_RE.search(text, start, a.pos)):
                year = year4(int(y["yy"]))
            # (A scrape's "Cable dated:" line alone over the classification line: one body.)
            under = text_under_dated_line(text, a.pos)
            bound = bounds.after(a.pos if under is None else under)
            # (A flattened copy's quoted note or letter may stand between the last cable-looking
            # block and the signer: the end reaches it across text in the cable's register.)
            end = signed_end(text, a.pos, body_end(text, a.pos, bound), bound)
            return Pasted(start=start, end=end, layout=layout, year=year, ref_id=ref_id), j + 1
        # a top part: metadata, header, DTG header, partial note, viewer line, date line
        header_seen = header_seen or a.kind in ("header", "dtg", "partial", "dump")
        fields_seen = fields_seen or a.kind in ("metadata", "viewer", "wrapper", "date")
        year = year or a.year
        ref_id = ref_id or a.ref_id
        top_end = max(top_end, top_part_end(text, a, bounds))
        nxt = j + 1
        while nxt < len(anchors) and anchors[nxt].pos < top_end:
            nxt += 1
        if nxt < len(anchors) and joins(text, top_end, anchors[nxt], a):
            j = nxt
            continue
        break
    if first.kind == "wrapper" and j == i:
        return None, i + 1  # an export's or a mail's top with no cable under it is not a cable
    if year is None and header_seen and (y := DTG_YEAR_RE.search(text, start, min(top_end, start + WINDOW))):
        year = year4(int(y["yy"]))
    # A top with no classification line: the body (if any) follows the header's blank line
    # (none when the user's sentences run on right under the header's last line).
    if (header_seen or fields_seen) and not (anchors[j].kind in ("header", "dtg") and prose_next(text, top_end)):
        p = skip_ws(text, top_end)
        if p < len(text):
            bound = bounds.after(top_end) if top_end < len(text) else len(text)
            if p < bound:
                end = body_end(text, line_start(text, p), bound, after_top=True)
                if end > p:
                    top_end = end
    return Pasted(start=start, end=rstrip_end(text, start, top_end), layout=layout, year=year, ref_id=ref_id), j + 1


_LAYOUT = {"wrapper": "header", "dump": "metadata", "metadata": "metadata", "header": "header", "dtg": "header", "partial": "header", "viewer": "viewer",
           "date": "newspaper", "body": "body", "csv": "csv", "excerpt": "excerpt"}


def _read_csv(text: str, start: int, a: Anchor, bounds: _Bounds, layout: str, year, ref_id) -> Pasted:
    m = CSV_ROW_RE.match(text, a.pos)
    end, last_field, closed = _csv_row(text, m.start("iid"))
    if not closed:
        # A quoted field that never closes (a dropped last quote): the body's own end.
        end = body_end(text, last_field, bounds.after(last_field))
    elif (top := bounds.top_inside(last_field, end)) is not None and _first_id(text, top) != _first_id(text, a.pos):
        # Another cable's top inside the text field: the row's last quote was lost and a later
        # quote (the next paste's) paired with it. The body ends before that top. (A top of
        # the same cable is a mirror's copy of its own metadata inside its text: it stays.)
        end = body_end(text, last_field, top)
    elif _link_line_in(text, last_field, end) and _user_block_in(text, (be := body_end(text, last_field, end)), end):
        # The quote that closed the row lies past the body's end and a user's link line: the
        # row's last quote was lost and a later quote (the user's, another paste's) paired.
        end = be
    elif (c := skip_h(text, end)) < len(text) and text[c] == "," and skip_h(text, c + 1) >= line_end(text, c):
        end = c + 1  # an export's trailing separator after the last field, alone on the line's end
    elif c < len(text) and text[c] not in "\r\n" and (esc := _escaped_row_end(text, last_field, end)) is not None:
        end = esc  # the quote that closed the row is mid-line: a body ending in a backslash
    elif c < len(text) and text[c] not in "\r\n" and text[end - 1] == '"' and _OPENING_QUOTE_RE.match(text, end - 2) is not None:
        # The quote that closed the row opens a quotation of the user's ("lol, "sensitive ...""):
        # the row lost its last quote, so the body ends on its own, before his line.
        end = body_end(text, last_field, end - 1)
    # (The telegram's end marks under the row: "End Cable Text" where the body held a row.)
    return Pasted(start=start, end=max(trailers_end(text, end, bounds.after(end)), a.end), layout=layout, year=year, ref_id=ref_id)


# A quote that opens a quotation: a blank before it, a word's letter after it (' "sensitive').
# A row's closing quote ends its line or stands before the next field's comma.
_OPENING_QUOTE_RE = re.compile(r'[ \t\xa0]"[A-Za-z]')


# A backslash-escaped quote at a line's end ("CARTER \\"" then the line break).
_ESC_QUOTE_EOL_RE = re.compile(r'\\"(?=[ \t\xa0\r]*(?:\n|$))')


def _escaped_row_end(text: str, field: int, end: int) -> int | None:
    """Where a backslash-escaped row really ends when the quote that closed it is mid-line.

    cables.csv writes one row per record: the body field's closing quote ends its line. The
    backslash-escaped export does not escape a backslash itself, so a body whose text ends
    in one ("CARTER \\") closes on ``\\"``, which reads as an escaped quote, and the field
    runs on to a later quote of the user's ("lol, \"sensitive ...\""), mid-line. Then the
    row ends at the last ``\\"`` ending a line before it, if the body's text read from the
    field's start stops there (a body that lost its last quote runs on past its own inner
    line-ending quotes: its cable-like blocks go on, and it keeps the later end).
    """
    cand = None
    for m in _ESC_QUOTE_EOL_RE.finditer(text, field, end - 1):
        cand = m.end()
    if cand is None or body_end(text, field, end) > cand:
        return None
    return cand


# A line a mirror cut with an ellipsis ("EMBOFFS delivered reftel points to Mr. Peter...").
_CUT_LINE_RE = re.compile(r"[^\n]{1,300}?(?:\.\.\.|…)[ \t\xa0\r]*")
_SERIAL_RE = re.compile(r"(?<![0-9])[0-9]{2}[A-Z]{3,30}([0-9]{1,7})(?![0-9])")


def _preview_cut_end(text: str, prev: Pasted, nxt: Pasted) -> int | None:
    """The end of the cut line between a mirror's preview of a cable and its full copy, if any.

    A mirror's page shows a cable's top and first words cut with an ellipsis, then the whole
    cable (its metadata, header, text). The cut line is the preview's: it belongs to the cable
    when both copies are of one cable (the same serial).
    """
    gap_lines = [ln for ln in text[prev.end : nxt.start].split("\n") if ln.strip(" \t\xa0\r")]
    if not 1 <= len(gap_lines) <= 2 or not all(_CUT_LINE_RE.fullmatch(ln) for ln in gap_lines):
        return None
    a, b = _serial_of(text, prev), _serial_of(text, nxt)
    if a is None or a != b:
        return None
    return rstrip_end(text, prev.end, nxt.start)


def _serial_of(text: str, span: Pasted) -> int | None:
    """The serial a cable's own top names: its classification line's, else its metadata ID's."""
    end = min(span.end, span.start + 3000)
    if (m := CLASS_LINE_RE.search(text, span.start, end)) is not None:
        return int(m["serial"])
    if (m := _SERIAL_RE.search(text, span.start, min(end, span.start + 300))) is not None:
        return int(m[1])
    return None


_ID_RE = re.compile(r"[0-9]{2}[A-Z]{3,30}[0-9]{1,7}")
_DE_SERIAL_RE = re.compile(r"^[ \t\xa0]*DE[ \t\xa0]+[A-Z]{4,6}[ \t\xa0]+#([0-9]{3,4})", re.MULTILINE)


def _repeated_header_end(text: str, prev: Pasted, a: Anchor, span: Pasted) -> int | None:
    """The end of a routing header that repeats the cable right above it, if ``a`` is one.

    A mirror's copy may print the cable's routing header again under its signer: blank lines
    only between, the same serial on its DE line, and no classification line under it (no
    cable of its own follows). It is the cable's last part, and the lines under it are the
    user's (a bare header read as a new cable would take them as its body). Of the tuning
    part's bodies, 6 end on such a copy of their header, and none holds one of another serial
    right under its last line.
    """
    if a.kind != "header" or text[prev.end : a.pos].strip(" \t\xa0\r\n"):
        return None
    de = _DE_SERIAL_RE.search(text, a.pos, min(span.end, a.pos + 300))
    if de is None or (serial := _serial_of(text, prev)) is None or int(de[1]) != serial % 10000:
        return None
    # (The header runs from its DE line to its blank line: a "VZCZCXYZ0001 / OO RUEHWEB" line
    # pair has one above the DE line.)
    blank = BLANK_RUN_RE.search(text, de.end(), span.end)
    end = rstrip_end(text, a.pos, blank.start() if blank is not None else span.end)
    if CLASS_LINE_RE.search(text, end, span.end) is not None:
        return None  # a cable under it: the same cable pasted again
    return end


def _first_id(text: str, pos: int) -> str | None:
    """The first cable ID a top names (CSV row, metadata block, viewer line) near ``pos``."""
    m = _ID_RE.search(text, pos, pos + 160)
    return m.group() if m else None


def _link_line_in(text: str, a: int, b: int) -> bool:
    """Whether a line of ``text[a:b]`` starts with a link (a cheap test before reading the blocks)."""
    return text.find("\nhttp", a, b) != -1 or text.find("\nwww.", a, b) != -1


def _user_block_in(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` holds a block that only a user writes (a link line, "From X, this bit:")."""
    return any(stops(text, x, y, False) for x, y in split_blocks(text, a, b))


# The next line of a CSV row that a mirror hard-wrapped at a fixed width before its header
# field: the rest of the unquoted fields (a wrapped refs list "3|09X92", a classification
# wrapped twice: "UNCLASSIFIED//FOR" / "OFFICIAL USE" / "ONLY,08X1|08X2,"), then the header
# field's opening quote.
_CSV_WRAP_RE = re.compile(r"[A-Za-z0-9|/ \t\xa0]{0,400}(?:\n[A-Za-z0-9|/ \t\xa0]{0,400})?(?:,[A-Za-z0-9|/ \t\xa0]{0,400}){0,4},\"")


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
                if text[q - 1] == "\\":  # \" inside the field (first: in \"" the last quote closes it)
                    j = q + 1
                elif text.startswith('""', q):
                    j = q + 2
                else:
                    break
            pos = q + 1
        else:
            le = line_end(text, pos)
            e = text.find(",", pos, le)
            while e == -1 and k < 6 and _CSV_WRAP_RE.match(text, le + 1) is not None:
                le = line_end(text, le + 1)  # a row hard-wrapped at a fixed width: the field runs on
                e = text.find(",", pos, le)
            pos = le if e == -1 else e
        if k < 7:
            if pos < n and text[pos] == ",":
                pos += 1
            else:
                return pos, field, True  # a short row: it ends where its fields stop
    return pos, field, True
