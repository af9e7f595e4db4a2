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
