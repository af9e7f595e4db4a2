"""Paragraphs of a cable body, and the page-break lines between its pages.

Pure. Numbered paragraphs are ``1.`` at a line start or ``¶1.`` (the viewer's pilcrow), with a
portion marking after them (``(C)``, ``(SBU)``, ``(CONFIDENTIAL -- ENTIRE PARAGRAPH)``);
flattened pastes run them inline (`` 6. (U)``). Page breaks (``MEXICO 00000023  002 OF 003``)
are removed before paragraphs are read (CABLE-FORMATS.md (d) 8-9).
"""

from __future__ import annotations

import re

from .models import Paragraph
from .stations import canonical_station

PARTIAL_RE = re.compile(r"This record is a partial extract of the original cable")
EXCERPT_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\]|)
    (?: ¶[0-9]{1,3}\.                                              # ¶8.
      | [0-9]{1,2}\.[ \t\xa0]+\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF)\)   # 1. (C)
      | [0-9]{1,2}\.[ \t\xa0]*\((?:[CSU]|SBU|TS)/{1,2}[A-Za-z][A-Za-z ,/-]{0,40}\) )  # 7.(C/REL ISAF), 4. (S//FGI//NF)
    """,
    re.VERBOSE | re.MULTILINE,
)


# --- body fields ------------------------------------------------------------------------
# Page-break lines ("MEXICO 00000023  002 OF 003"): found from their "OF nnn" tail (a
# literal prefix, so the scan is fast), then checked backwards over serial and station.
PAGE_BREAK_TAIL_RE = re.compile(r"OF[ \t\xa0]+[0-9]{3}(?![0-9])")
PAGE_BREAK_HEAD_RE = re.compile(
    r"""
    (?<![A-Za-z])(?P<st>[A-Z]{3,}(?:\ [A-Z]{2,}){0,3})   # station words: MEXICO, RIO DE JANEIRO
    [ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[0-9])?[ \t\xa0]+\Z   # 00000023  002 (or 001.2)
    """,
    re.VERBOSE,
)
PARAGRAPH_RE = re.compile(
    r"""
      ¶[ \t\xa0]*(?P<n1>[0-9]{1,3})\.                 # ¶1. anywhere (the viewer's pilcrow)
    | \n[ \t\xa0]*(?P<n3>[0-9]{1,2})\.(?=[ \t\xa0]+[(A-Z])   # "1. " at a line start
    """,
    re.VERBOSE,
)
# " 6. (U)" inside a flattened line: found from the marking, a literal-led scan.
# PARAGRAPH_RE's two branches scanned apart: each then starts with a literal and scans fast.
# They cannot overlap, so together they find exactly PARAGRAPH_RE's matches.
_PILCROW_PARAGRAPH_RE = re.compile(r"¶[ \t\xa0]*(?P<n>[0-9]{1,3})\.")
# (Speed: the lookahead after the newline holds the characters the rest can start with, so a
# line starting otherwise fails before the blanks' repeat; tests/test_block_speed.py checks it.)
_LINE_PARAGRAPH_RE = re.compile(r"\n(?=[ \t\xa00-9])[ \t\xa0]*(?P<n>[0-9]{1,2})\.(?=[ \t\xa0]+[(A-Z])")
INLINE_PARAGRAPH_RE = re.compile(r"\.(?=[ \t\xa0]+\((?:U|C|S|SBU|S/NF|C/NF)\))")
MARKING_RE = re.compile(r"[ \t\xa0]*\((?P<m>U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|[A-Z]+[ \t\xa0]*--[ \t\xa0]*ENTIRE PARAGRAPH)\)")
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")


def page_breaks(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each page-break marker in ``text``."""
    out = []
    for m in PAGE_BREAK_TAIL_RE.finditer(text):
        head = PAGE_BREAK_HEAD_RE.search(text, max(0, m.start() - 70), m.start())
        if head is not None:
            out.append((_station_start(head), m.end()))
    return out


def _station_start(head: re.Match) -> int:
    """Where the marker starts: at the last words that name a station, when its capitals run on
    from a flattened line ("... THE US-LIBYA RELATIONSHIP TRIPOLI 00000584 001.2 OF 003")."""
    words = head["st"].split(" ")
    if len(words) > 1:
        pos = head.start()
        for k in range(len(words)):
            if canonical_station("".join(words[k:])) is not None:
                return pos
            pos += len(words[k]) + 1
    return head.start()


def remove_page_breaks(text: str) -> str:
    """Drop ``MEXICO 00000023  002 OF 003`` lines (and inline ones in flattened pastes).

    A marker alone on its line takes its surrounding blank lines with it, so the two
    halves of a paragraph split by the page break join again.
    """
    spans = page_breaks(text)
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in spans:
        a = start
        while a > pos and text[a - 1] in " \t\xa0":
            a -= 1
        b = end
        while b < len(text) and text[b] in " \t\xa0":
            b += 1
        if (a == 0 or text[a - 1] == "\n") and (b == len(text) or text[b] == "\n"):
            # own line: swallow blank lines on both sides, keep one newline
            a = a - 1 if a > pos else a
            while a > pos and text[a - 1] in " \t\xa0\n":
                a -= 1
            while b < len(text) and text[b] in " \t\xa0\n":
                b += 1
            parts.append(text[pos:a])
            parts.append("\n")
        else:
            parts.append(text[pos:a])
            parts.append(" ")
        pos = b
    parts.append(text[pos:])
    return "".join(parts)



def clean_body(body: str) -> str:
    """The body as its fields are read: no-break spaces as spaces, no ``[code]`` tags, no page
    breaks (``remove_page_breaks``), no blanks at the ends of lines or of the text."""
    body = body.replace("\xa0", " ")
    if "[" in body:  # (Speed: a one-character scan first; searching for the tags costs ten times more)
        body = body.replace("[code]", "").replace("[/code]", "")
    return "\n".join(map(str.rstrip, remove_page_breaks(body).strip().split("\n")))


def has_word(text: str, word: str) -> bool:
    """Whether ``word`` is one of the runs of capitals A-Z in ``text``."""
    i = text.find(word)
    while i != -1:
        j = i + len(word)
        if (i == 0 or not "A" <= text[i - 1] <= "Z") and (j == len(text) or not "A" <= text[j] <= "Z"):
            return True
        i = text.find(word, i + 1)
    return False


def _pilcrow_marks(nb: str) -> list[tuple[int, int, str]]:
    """``_PILCROW_PARAGRAPH_RE.finditer``'s marks (Speed: each match starts with a "¶", found by str.find)."""
    out = []
    i = nb.find("¶")
    while i != -1:
        if (m := _PILCROW_PARAGRAPH_RE.match(nb, i)) is not None:
            out.append((i, m.end(), m["n"]))
            i = nb.find("¶", m.end())
        else:
            i = nb.find("¶", i + 1)
    return out


# The body whose line paragraphs were read last, and their matches: parse_cable asks for the
# first paragraph, then for all of them, of the same body (speed: one scan, not two).
_LINE_MATCHES: list[tuple[str, list[re.Match]]] = []


def _line_paragraphs(nb: str) -> list[re.Match]:
    """``list(_LINE_PARAGRAPH_RE.finditer(nb))``, kept for the last body asked for."""
    for seen, found in _LINE_MATCHES:
        if seen is nb:
            return found
    found = list(_LINE_PARAGRAPH_RE.finditer(nb))
    _LINE_MATCHES[:] = [(nb, found)]
    return found


def first_line_paragraph(nb: str, endpos: int) -> re.Match | None:
    """``_LINE_PARAGRAPH_RE.search(nb, 0, endpos)``, from the whole body's matches.

    Only the first match that starts before ``endpos`` can be it: it is when its lookahead
    (blanks, then a capital or "(") ends before ``endpos`` too; else none is (the next match
    starts on a later line, past that capital).
    """
    found = _line_paragraphs(nb)
    if not found or found[0].start() >= endpos:
        return None
    m = found[0]
    q = m.end()
    while q < len(nb) and nb[q] in " \t\xa0":
        q += 1
    return m if q < endpos else None


def first_paragraph(nb: str, endpos: int) -> int | None:
    """Start of the first PARAGRAPH_RE match before ``endpos``, else of INLINE_PARAGRAPH_RE's."""
    i = nb.find("¶", 0, endpos)  # (Speed: a pilcrow mark starts with one; most bodies have none)
    a = _PILCROW_PARAGRAPH_RE.search(nb, i, endpos) if i != -1 else None
    b = first_line_paragraph(nb, endpos)
    if a is not None or b is not None:
        return min(m.start() for m in (a, b) if m is not None)
    m = INLINE_PARAGRAPH_RE.search(nb, 0, endpos)
    return m.start() if m is not None else None


def paragraph_marks(nb: str) -> list[tuple[int, int, str]]:
    """Return (start, end of the number, number) for each numbered paragraph, in order."""
    marks = _pilcrow_marks(nb)
    marks += [(m.start("n"), m.end(), m["n"]) for m in _line_paragraphs(nb)]
    for m in INLINE_PARAGRAPH_RE.finditer(nb):
        i = m.start()
        j = i
        while j > 0 and j > i - 2 and nb[j - 1].isdigit():
            j -= 1
        if j < i and (j == 0 or nb[j - 1] in " \t\xa0"):
            marks.append((j, m.end(), nb[j:i]))
    if len(marks) > 1:
        marks = sorted(set(marks))
        dedup = [marks[0]]
        for mk in marks[1:]:
            if mk[0] >= dedup[-1][1]:
                dedup.append(mk)
        marks = dedup
    return marks


def read_paragraphs(nb: str, intro_end: int) -> tuple[Paragraph, ...]:
    marks = paragraph_marks(nb)
    if not marks:
        blocks = (b.strip() for b in _BLANK_LINE_RE.split(nb[intro_end:]))
        return tuple(Paragraph(number=None, marking=None, text=b) for b in blocks if b)
    out = []
    for i, (_, end, number) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(nb)
        mk = MARKING_RE.match(nb, end, stop)  # no lookbehind: same as matching nb[end:stop]
        mark = mk["m"] if mk else None
        out.append(Paragraph(
            number=number,
            # (Speed: only the "-- ENTIRE PARAGRAPH" form, longer than the six letters of the others, has blanks to join.)
            marking=(mark if len(mark) <= 6 else " ".join(mark.split())) if mark is not None else None,
            text=nb[mk.end() if mk else end : stop].strip(),
        ))
    return tuple(out)




# --- lettered sub-paragraphs -------------------------------------------------------------
# A lettered sub-paragraph as it starts a block: "a. The Ministry ...", "f. ADOPTION FRAUD:",
# "i.ALIEN SMUGGLING" (a blank or a word in capitals after the stop; "U.S. officials" is no item).
_LETTERED_RE = re.compile(r"[ \t\xa0]*(?P<tok>[A-Za-z])\.(?:[ \t\xa0]+[A-Z\"“(]|[A-Z]{2})")
# The item's first line a heading in capitals with its colon: "c. IV FRAUD:", "l. COOPERATION WITH ...:".
_LETTERED_HEADING_RE = re.compile(r"[ \t\xa0]*[A-Za-z]\.[ \t\xa0]*[A-Z][A-Z0-9 ,/&'()-]{2,80}:")
# How many items back a list is followed to its first (a list longer than the alphabet is none),
# and how many blocks an item's text may take under its first (a heading's line and its paragraphs).
_MAX_ITEMS = 26
_MAX_BETWEEN = 3


def _item_above(text: str, blocks, j: int) -> int | None:
    """The block of the lettered item above block ``j``, within ``_MAX_BETWEEN`` blocks of the
    item's own text ("a. COUNTRY CONDITIONS:" / "Fraud Level: Low." / its paragraph / "b. ...")."""
    for k in range(j - 1, max(-1, j - 2 - _MAX_BETWEEN), -1):
        if _LETTERED_RE.match(text, *blocks[k]) is not None:
            return k
    return None


def lettered_item(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` is a lettered sub-paragraph of the cable ("f. ADOPTION FRAUD: ..."
    under "e. ACS AND U.S. PASSPORT FRAUD: ..."; the paragraphs of a diplomatic note quoted
    whole, "a. The Ministry of Foreign Affairs presents its compliments ...").

    The items run in the alphabet's order, one block each, back to the list's first item,
    and that one reads as the cable's own: a long paragraph (200 characters and more), a
    heading in capitals with its colon ("a. COUNTRY CONDITIONS:"), or it follows a line that
    introduces it ("... as follows:"). Users number their points with figures ("1. They
    planned it."); they do not go on with a cable's lettered list."""
    a, b = blocks[i]
    m = _LETTERED_RE.match(text, a, b)
    if m is None:
        return False
    j, tok = i, m["tok"]
    while tok not in "aA":
        k = _item_above(text, blocks, j)
        if k is None or i - k > _MAX_ITEMS * (_MAX_BETWEEN + 1):
            return False
        p = _LETTERED_RE.match(text, *blocks[k])
        if ord(p["tok"]) != ord(tok) - 1:
            return False
        j, tok = k, p["tok"]
    a, b = blocks[j]
    if b - a >= 200 or _LETTERED_HEADING_RE.match(text, a, b) is not None:
        return True
    return j > 0 and text[blocks[j - 1][0] : blocks[j - 1][1]].rstrip(" \t\xa0\r\n").endswith(":")


# --- a sentence broken off across a blank line ---------------------------------------------
# What ends a sentence at a line's end (a line that ends otherwise was broken off by the wrap).
_SENTENCE_ENDS = frozenset(".!?:;\"')]”’")


def _wrapped_line(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is one line at a cable's wrap width (35 to 90
    characters) that ends no sentence."""
    if not 35 <= b - a <= 90 or text.find("\n", a, b) != -1:
        return False
    while b > a and text[b - 1] in " \t\xa0\r":
        b -= 1
    return text[b - 1] not in _SENTENCE_ENDS


def double_spaced_run_on(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` goes on with the sentence that block ``i - 1`` broke off, in a
    double-spaced copy (a mirror's copy puts a blank line under every line): the two blocks
    above are each one line at the cable's wrap width that ends no sentence (``_wrapped_line``),
    whatever the next line starts with ("... guided and funded by the" / "Kremlin. As the
    story goes, ..."; "... Director of CERT-" / "Estonia for his read ..."). A user's words
    under a paste do not run on from its last lines, which end on a sentence's end or a signer."""
    return i >= 2 and _wrapped_line(text, *blocks[i - 1]) and _wrapped_line(text, *blocks[i - 2])
