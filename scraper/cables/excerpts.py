"""Where a pasted excerpt ends: one to three numbered paragraphs a user copied out of a cable.

Pure. ``ends.body_end`` reads an excerpt as it reads a body (``excerpt=True``) and asks this
module about the excerpt's last lines. An excerpt is cut out of a cable on its paragraphs'
ends, and the user's own words follow it, often on the very next line. What tells the two
apart is the cable's own wrap: a cable's paragraph is hard-wrapped at a width (60-70
columns), so each of its lines but the last runs close to that width, and a line's first
word never fits on the line above it. A line whose first word would have fitted on the
finished sentence above it was not wrapped there: it was typed under the paste.
"""

from __future__ import annotations

from .blocks import MEDIUM_RE, strong
from .prose import reads_as_user
from .textspan import WS, line_spans, rstrip_end

# A sentence's end, as a paragraph's last line ends (a quotation or a bracket may close it).
_SENTENCE_END = ".!?"
_CLOSERS = "\")'"


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence: a stop, maybe inside a closing quote or bracket
    (a bracket alone closes an aside in mid-sentence: "(... on June 9)")."""
    if line[-1:] in _CLOSERS:
        line = line[:-1]
    return line[-1:] in _SENTENCE_END


def wrap_width(text: str, start: int, end: int) -> int:
    """The wrap width of the cable text ``text[start:end]``: the longest line, up to 100
    characters, that another line of its block follows (a paragraph's last line and
    one-line blocks say nothing; a longer line was typed or flattened), 0 when no block has
    two lines. (Over the first 60 lines: an excerpt's first paragraphs.)"""
    width = 0
    prev = -1  # the length of the line above, -1 after a blank line
    for x, y in line_spans(text, start, end, 60):
        n = rstrip_end(text, x, y) - x
        blank = not text[x:y].strip(WS)
        if not blank and 0 <= prev <= 100:
            width = max(width, prev)
        prev = -1 if blank else n
    return width


def typed_tail_cut(text: str, start: int, a: int, end: int) -> int:
    """Cut the user's lines typed right under an excerpt's last block ``text[a:end]``.

    The cut falls under a line that ends a sentence (or a heading in capitals, the footer's
    link) when the cable did not wrap there: the next line's first word would have fitted
    on it within the excerpt's own wrap width, or the cable's wrapped lines keep a space at
    their ends and it has none (``_last_of_spaced``). The lines below must be no wrapped
    text (``_fits``) and no cable furniture (a numbered or marked paragraph, a rule, a page
    break). With no wrap to measure (a flattened paragraph), nothing is cut here.
    """
    lines = line_spans(text, a, end, 400)
    if len(lines) < 2 or len(lines) >= 400:
        return end
    above = wrap_width(text, start, a) if a > start else 0  # the excerpt's blocks above this one
    for k in range(1, len(lines)):
        px, py = lines[k - 1]
        prev = text[px:py].strip(WS)
        rest = [text[x:y].strip(WS) for x, y in lines[k:]]
        if not prev or not rest[0]:
            continue
        # A heading in capitals over a line that is not (a page break is no heading), or the
        # footer's link to the embassy's classified site: the cable's text ends with either.
        heading = (prev == prev.upper() and any(ch.isalpha() for ch in prev) and rest[0] != rest[0].upper()
                   and not strong(prev))
        link = prev.startswith(("http://", "https://")) and "sgov.gov" in prev
        # The wrap width of the cable's lines above the cut (the user's lines below it say nothing).
        width = max(above, max((y - x for x, y in lines[: k - 1]), default=0) if k >= 2 else 0)
        if not 40 <= width <= 100 or (not above and k < 4):  # (a wrap is measured over three lines at least)
            if (heading or (len(prev) > 120 and _ends_sentence(prev))) and _sentences(rest):
                return rstrip_end(text, a, py)  # under a heading or a flattened paragraph: a user's few sentences
            continue
        if not (_ends_sentence(prev) or heading or link):
            continue
        if not (heading or link) and not _fits(prev, rest[0], width) and not _last_of_spaced(text, lines, k):
            continue  # the word did not fit: the cable may have wrapped here
        if any(text[y - 1 : y] in (" ", "\xa0") for x, y in lines[k:]):
            continue  # a line below keeps the space it was wrapped at: the cable's wrapped text
        if any(not _fits(r, nxt, width) for r, nxt in zip(rest, rest[1:])):
            continue  # a wrapped paragraph from there on: the cable's next one
        if any(strong(r) or (len(r) >= 80 and MEDIUM_RE.match(r) is not None) for r in rest):
            continue  # cable furniture further down: still the cable's
        return rstrip_end(text, a, py)
    return end


def _fits(line: str, nxt: str, width: int) -> bool:
    """Whether ``nxt`` was not wrapped from ``line``: ``line`` ends a sentence and the first
    word of ``nxt`` would have fitted on it within ``width``, or one of them is longer than
    the cable's wrap (typed, not pasted)."""
    if len(line) > width + 2 or len(nxt) > width + 20:
        return True  # (a line longer than every wrapped line above it was typed)
    if not _ends_sentence(line) and line[-1:] != ":":
        return False
    return len(line) + 1 + len(nxt.split(maxsplit=1)[0]) <= width


def _last_of_spaced(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """Whether line ``k - 1`` is the last line of a paragraph whose wrapped lines keep the
    space they were broken at (many copies do: "... with the Italian government. "): the
    lines above it end in a space, it does not, nor does any line below it (so they are no
    more of the cable's wrapped text)."""
    if k < 3 or text[lines[k - 1][1] - 1 : lines[k - 1][1]] in (" ", "\xa0"):
        return False
    return (all(text[y - 1 : y] in (" ", "\xa0") for x, y in lines[max(0, k - 4) : k - 1])
            and not any(text[y - 1 : y] in (" ", "\xa0") for x, y in lines[k:]))


def _sentences(rest: list[str]) -> bool:
    """Whether the lines ``rest`` are a few sentences typed one a line, no cable text: each
    short (a flattened paragraph's line runs longer) or in a user's register
    (``prose.reads_as_user``) and ending a sentence or a list's lead-in, none a marked paragraph, a bullet, a rule or a page break, none in capitals
    only (a signer, a heading)."""
    return len(rest) <= 6 and all(
        (len(r) <= 120 or reads_as_user(r)) and (_ends_sentence(r) or r[-1:] == ":") and r != r.upper()
        and not strong(r) and (len(r) < 80 or MEDIUM_RE.match(r) is None) for r in rest)

