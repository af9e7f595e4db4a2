"""Offsets into a post's text: line starts and ends, whitespace skips, line spans.

The splitter works on offsets into one string (no copies of the post), so these small
position helpers are shared by every module that reads where a cable starts and ends.
"""

from __future__ import annotations

# Whitespace as pasted text has it: SMF turns runs of spaces into no-break spaces (\xa0).
WS = " \t\r\n\xa0"
H = " \t\xa0\r"  # horizontal only: never crosses a line


# Words a sentence never ends on (prepositions, articles, conjunctions): a line that stops
# on one was broken off, and the text after it goes on with its sentence.
GOES_ON_WORDS = frozenset("for of to the a an and or in on with by at from that as into than but nor".split())


# Line breaks other than "\n" that a copy may hold: the Unicode line and paragraph
# separators and NEL (some of WikiLeaks' own texts break lines with U+2028: "\u2028C O N F I
# D E N T I A L ..."). A browser breaks the line there, so a reader sees a new line; each is
# one character, so the text read with "\n" in their place keeps every offset.
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})


def unify_line_breaks(text: str) -> str:
    """``text`` with each Unicode line break written as "\n" (same length, same offsets)."""
    if "\u2028" not in text and "\u2029" not in text and "\x85" not in text:
        return text  # (speed: almost no text has one)
    return text.translate(_LINE_BREAKS)


def year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


def line_start(text: str, p: int) -> int:
    return text.rfind("\n", 0, p) + 1


def line_end(text: str, p: int) -> int:
    e = text.find("\n", p)
    return len(text) if e == -1 else e


def skip_h(text: str, p: int) -> int:
    n = len(text)
    while p < n and text[p] in " \t\xa0":
        p += 1
    return p


def skip_ws(text: str, p: int, end: int | None = None) -> int:
    n = len(text) if end is None else end
    while p < n and text[p] in WS:
        p += 1
    return p


def rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in WS:
        end -= 1
    return end


def line_spans(text: str, start: int, end: int, limit: int = 1 << 30) -> list[tuple[int, int]]:
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
