"""Where a pasted cable's top parts end, and whether the next part is the same cable's.

Pure. A cable's top is read part by part (a metadata block, the viewer's title and table,
a routing header, an export's fields, a partner's date line); ``layouts`` asks here where
each part ends and whether the anchor after it joins it. A routing header runs to its
first blank line, or to a user's sentence typed right under it; two parts join when the
text between them holds no prose (a user's words between two pastes are not a top's).
"""

from __future__ import annotations

import re

from .anchors import WINDOW, Anchor
from .blocks import BLANK_RUN_RE, LABEL_RE
from .classification import CLASS_LINE_RE
from .header import CABLE_DATED_RE
from .textspan import line_end, line_start, rstrip_end, skip_ws


def top_part_end(text: str, a: Anchor, bounds) -> int:
    """Where a top part ends: the metadata block / title line itself, a header at its blank line."""
    if a.kind in ("metadata", "viewer", "date", "partial", "dump"):
        return rstrip_end(text, a.pos, a.end)
    # A routing header runs to its first blank line (never past the next cable), or to a
    # line of prose typed right under it: no VZCZC or DTG header line of the corpus's 5,656
    # holds three lowercase words, a user's sentence does (a SUBJECT or a paragraph of a
    # body run on under the header is the cable's).
    stop = min(bounds.after(a.pos), len(text))
    blank = BLANK_RUN_RE.search(text, a.pos, min(stop, a.pos + WINDOW))
    end = blank.start() if blank else min(stop, a.pos + WINDOW)
    # (The user's lines come last: the header's last line is read first, the rest only then.)
    if a.kind in ("header", "dtg") and _LOWER3_RE.search(text, line_start(text, rstrip_end(text, a.pos, end)), end) is not None:
        p = line_end(text, a.pos) + 1
        while p < end:
            le = min(line_end(text, p), end)
            if _user_prose(text, p, le):
                end = p
                break
            p = le + 1
    return rstrip_end(text, a.pos, end)


# The rest of a scrape's "Cable dated:" line when the date stands alone on it: its seconds.
_DATED_REST_RE = re.compile(r"(?::[0-9]{2})?[ \t\xa0\r]*")


def text_under_dated_line(text: str, pos: int) -> int | None:
    """Where the classification line starts under a scrape's ``Cable dated:`` line that
    stands alone on its line at ``pos`` (blank lines between), if it does.

    The scrape glues its date onto the classification line ("Cable dated:2005-07-15T15:24:00S
    E C R E T ...") or prints it on a line of its own over it: either way the date line is
    the cable's top, and the classification line under it is no second cable. Of the tuning
    part's 19 bodies that open on a "Cable dated:" line, 17 glue it on and 2 print it alone
    over their classification line, a blank line between; none prints it over anything else.
    """
    le = line_end(text, pos)
    m = CABLE_DATED_RE.search(text, pos, le)
    if m is None or _DATED_REST_RE.fullmatch(text, m.end(), le) is None:
        return None
    p = skip_ws(text, le)
    ls = line_start(text, p)
    return ls if p < len(text) and CLASS_LINE_RE.match(text, ls) is not None else None


_PUNCT = ".,;:!?\"'()"  # around a word of a sentence ("story," "year.")


def joins(text: str, top_end: int, nxt: Anchor, prev: Anchor) -> bool:
    """Whether the anchor after a top part is the same cable's next part."""
    if nxt.kind in ("excerpt", "viewer") or nxt.pos - top_end > WINDOW:
        return False  # (the viewer's title line opens its page: never a later part of a top)
    gap = text[top_end : nxt.pos]
    if prev.kind in ("metadata", "viewer") and nxt.kind in ("metadata", "viewer"):
        return False
    if prev.kind == "partial":
        # Its own lines are prose ("This record is a partial extract ..."); a sentence of
        # another's in the gap is a cable's text (one with no classification line) and the
        # user's words after it: the next anchor is the next paste. Of the tuning part's 432
        # partial extracts whose next anchor is their own, none has such a line before it.
        return not any(_prose(line) and "original cable" not in line for line in gap.split("\n"))
    # (A dump's own lines are labels, "refid: 09X1", "origin: Embassy Y": a line of prose
    # between it and a header is the user's, under a dump flattened onto one line.)
    # The gap between two parts holds only header text: routing lines, table lines, no prose.
    if gap == gap.upper():
        return True
    for line in gap.split("\n"):
        if _prose(line) and not line.startswith(("Reference ID", "This record")):
            return False
    return True


# Three lowercase words in a row: prose (a header's lines are capitals; a regex, so a
# header is tested in one scan).
_LOWER3_RE = re.compile(r"(?<![A-Za-z])[a-z]{2,}[^\sA-Za-z]*[ \t\xa0]+[^\sA-Z]?[a-z]+[^\sA-Za-z]*[ \t\xa0]+[^\sA-Z]?[a-z]")


def prose_next(text: str, end: int) -> bool:
    """Whether the line right after the one ending at ``end`` (no blank line between) is prose."""
    if end >= len(text) or text[end] != "\n":
        p = line_end(text, end)
    else:
        p = end
    if p >= len(text):
        return False
    return _user_prose(text, p + 1, line_end(text, p + 1))


def _user_prose(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is a sentence that is no part of a cable (SUBJECT: ..., ¶1. (C) ...)."""
    return (_LOWER3_RE.search(text, a, b) is not None and LABEL_RE.match(text, a, b) is None
            and _PARA_RE.match(text, a, b) is None)


# A cable's numbered or portion-marked paragraph ("¶1.", "1. (C)", "(SBU)"): under a header
# whose blank line was lost, its first paragraph.
_PARA_RE = re.compile(r"[ \t\xa0]*(?:¶|[0-9]{1,2}\.?[ \t\xa0]*\((?:U|C|S|SBU|TS)\b|\((?:U|C|S|SBU|TS)\b)")


def _prose(line: str) -> bool:
    """Whether a line reads as a sentence: three lowercase words (a header's lines have none)."""
    return sum(1 for w in line.split() if (v := w.strip(_PUNCT)).islower() and v.isalpha()) >= 3
