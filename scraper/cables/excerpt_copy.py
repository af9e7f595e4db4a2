"""Where a pasted excerpt goes on by how the cable's text was copied: its lines' spaces.

Pure. ``excerpts.excerpt_goes_on`` asks it of each block after an excerpt's first. A cable's
text is hard-wrapped, and a copy keeps the marks of it that no user types: the space each
line was broken at, left at the line's end ("... the Ambassadors Fund grant to purchase: "),
and, in a mirror's double-spaced copy, a blank line under every wrapped line. A user's own
lines typed under a paste have neither.
"""

from __future__ import annotations

from .textspan import WS, line_spans

_KEPT_LOOK = 12  # lines looked at in a block


def kept_spaces(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` of two lines or more keeps, at the end of each line
    but its last, the space the cable's copy left there ("Hours spent on preparation: " /
    "- Pol Officer (FS 02) 18 hrs " / ... / "Total:   63 hrs"): copied text, never typed,
    however short its lines (a list, a form's rows, a one-sentence paragraph). Over the
    paste bench's validation seeds 21-40 it turns 2, 4 and 7 posts' commentary right (halves
    A and B, held-out part), none wrong on balance."""
    lines = line_spans(text, a, b, _KEPT_LOOK)
    if len(lines) < 2:
        return False
    return all(y > x and text[y - 1] in " \xa0" and text[x:y].strip(WS) for x, y in lines[:-1])


def _one_line(text: str, a: int, b: int) -> bool:
    return text.find("\n", a, b) == -1


def spaced_goes_on(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` goes on with the wrapped line above it in a double-spaced copy (a
    blank line under every line of the cable's): blocks ``i - 2`` and ``i - 1`` are one line
    each, one blank line apart, as block ``i`` is from ``i - 1``; the line above breaks off
    mid-sentence at the cable's wrap (its next word would not have fitted on it); and block
    ``i`` is one line that starts in lowercase or breaks off at the wrap too (a name may
    start it: "... his predecessor, Carlos" / "Fernandez, and more comfortable in his skin
    than Martin"). Over the paste bench's validation seeds 21-40 it turns 2, 1 and 6 posts'
    commentary right (halves A and B, held-out part), none wrong on balance."""
    if i < 2:
        return False
    (a0, b0), (a1, b1), (a, b) = blocks[i - 2], blocks[i - 1], blocks[i]
    if b - a > 100 or not (_one_line(text, a, b) and _one_line(text, a1, b1) and _one_line(text, a0, b0)):
        return False
    if text.count("\n", b1, a) != 2 or text.count("\n", b0, a1) != 2:
        return False
    last = text[a1:b1].strip(WS)
    line = text[a:b].strip(WS)
    if not 35 <= len(last) <= 90 or last[-1] in ".!?:" or not line:
        return False
    if len(last) + 1 + len(line.split(maxsplit=1)[0]) < 56:
        return False
    return line[0].islower() or (35 <= len(line) and line[-1] not in ".!?:")

