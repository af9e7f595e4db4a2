"""Whether an unsigned body's end reaches on to its signer, across text in the cable's register.

Pure; asked by ``layouts`` after ``ends.body_end``. A body read block by block ends after its
last cable-looking block when no signer is found. A copy that flattened each paragraph onto
one line (a web viewer's, a newspaper's) loses the evidence those blocks read with (hard
wrapping): a quoted diplomatic note, a translation, a letter, a long unnumbered report then
read as nothing in particular, and the body stops above them, leaving them and the signer
to the user. The cable's own position tells: it runs from its classification line to its
signer. So the end goes on over the blocks after it when they lead to a signer (a name
line, a name at the end of the last line) and, taken together, read in the cable's register
(its offices, acronyms and formal words, ``prose.register``), none of them a user's paragraph
or a line that ends any cable (``blocks.stops``). A forum user's remark under a paste, even
one signed with his name, writes for the thread's readers and not in that register.
"""

from __future__ import annotations

import re
from itertools import islice

from .blocks import split_blocks, stops, strong
from .headings import section_text
from .prose import reads_as_user, register
from .signers import TRAILER_RE, is_name, signer_line, signer_tail
from .textspan import GOES_ON_WORDS, WS, rstrip_end

# How many blocks past the body's end are read for a signer (a long report's sections).
_MAX_BLOCKS = 120

# A name in capitals ending the last line after a word that closes no sentence: a letter's
# date line and the signer ("San Jose, 7 October 2005 FRISBIE"), a quoted text's end mark
# ("End of translation LANGDALE"). Read only where the text before reads as the cable's;
# never after a word in capitals (a line in capitals is a heading or a user's shout).
_CAPS_TAIL_RE = re.compile(r"(?<=[a-z0-9,])[ \t\xa0]+(?P<name>[A-Z][A-Z'-]{2,}(?:[ \t\xa0]+[A-Z][A-Z'-]{2,})?)[ \t\xa0]*$")


def _signed_line(line: str) -> tuple[int, bool] | None:
    """Where the signer on ``line`` (its last line) starts, if the line ends with one (the
    whole line a name, ``signers.signer_line``, or a name run onto its end), and whether the
    name is in capitals."""
    if (m := signer_line(line)) is not None:
        return 0, m["name"].isupper()
    if (m := signer_tail(line)) is not None:
        return m.start("name"), m["name"].isupper()
    if (m := _CAPS_TAIL_RE.search(line, max(0, len(line) - 60))) is not None and m["name"] != line.strip(WS):
        # (not an acronym ending a sentence's words: "... instructions to the GOCR")
        before = line[line.rfind(" ", 0, m.start()) + 1 : m.start()].lower()
        return (m.start("name"), True) if before not in GOES_ON_WORDS and is_name(m["name"].split()) else None
    return None


def _ends_signed(text: str, a: int, end: int) -> bool:
    """Whether the body's last line (ending at ``end``) is already its signer or a trailer.
    A numbered paragraph's own line is none ("¶8. TABLE ONE", its table under it)."""
    ls = text.rfind("\n", a, end) + 1 or a
    line = text[ls:end].strip(WS)
    if not line or _NUMBERED_RE.match(line) is not None:
        return False
    if TRAILER_RE.match(line) is not None:
        return True
    return _signed_line(line) is not None


# A numbered or lettered paragraph's start: "¶8.", "8.", "8. (C)", "¶E. Vessels".
_NUMBERED_RE = re.compile(r"(?:¶[ \t\xa0]*[0-9]{1,3}|[0-9]{1,2})\.[ \t\xa0]")

_BROKEN_OFF_WEIGHT = 3  # (the evidence a cable's own text needs to be reached: ``signed_end``)


def _broken_off(text: str, a: int, end: int) -> bool:
    """Whether the body's last line (ending at ``end``) stops mid-sentence, on a word no
    sentence ends on, after a flattened paragraph's length (over 90 characters)."""
    ls = text.rfind("\n", a, end) + 1 or a
    if end - ls <= 90 or not text[end - 1].islower():
        return False
    return text[text.rfind(" ", ls, end) + 1 : end] in GOES_ON_WORDS


# The cable's own line that introduces a text it quotes whole (a letter, a note, a
# translation): "Unofficial translation of the Diplomatic Note follows:", "¶6. (C) Begin
# text of Embassy translation of Nour letter:". The quoted text talks as its writer does
# (a letter's "I" and "you"), so under it a user's register is no sign of the user.
_INTRO_RE = re.compile(
    r"(?:\b(?i:follows?|following)[ \t\xa0]*[.:]|\b(?i:begin)[ \t\xa0]+(?i:(?:un)?official[ \t\xa0]+|informal[ \t\xa0]+|)(?i:text|translation)\b[^\n]{0,80}?:)[ \t\xa0]*$")


def _introduces(text: str, a: int, end: int) -> bool:
    """Whether the body's last line (ending at ``end``) introduces a quoted text (``_INTRO_RE``)."""
    ls = text.rfind("\n", a, end) + 1 or a
    return _INTRO_RE.search(text, max(ls, end - 200), end) is not None


# A numbered paragraph's number at a block's or a line's start: "¶8.", "8. (C)".
_NUMBER_RE = re.compile(r"[ \t\xa0]*¶?[ \t\xa0]*([0-9]{1,3})\.[ \t\xa0]")
_LAST_NUMBER_RE = re.compile(r"^[ \t\xa0]*¶?[ \t\xa0]*([0-9]{1,3})\.[ \t\xa0]", re.M)


def _number(text: str, a: int, b: int) -> int | None:
    """The paragraph number starting the block ``text[a:b]``, or None."""
    m = _NUMBER_RE.match(text, a, b)
    return int(m.group(1)) if m is not None else None


def _last_number(text: str, start: int, end: int) -> int | None:
    """The number of the body's last numbered paragraph above ``end``, or None."""
    last = None
    for last in _LAST_NUMBER_RE.finditer(text, start, end):
        pass
    return int(last.group(1)) if last is not None else None


def signed_end(text: str, start: int, end: int, bound: int) -> int:
    """The end of the body from ``start`` that ``body_end`` put at ``end`` (unsigned), carried
    on to the signer of the cable's text below it when that text reads as the cable's."""
    if end >= bound or _ends_signed(text, start, end):
        return end
    user = 0
    best, signed_at = end, None
    # A sentence broken off at the body's end ("... the importance of") goes on in the next
    # block, the cable's own text: as much evidence as the cable's words would be.
    cable = _BROKEN_OFF_WEIGHT if _broken_off(text, start, end) else 0
    quoted = _introduces(text, start, end)  # a quoted letter: read to a signer in capitals, whatever its register
    blocks = list(islice(split_blocks(text, end, bound), _MAX_BLOCKS))
    number = _last_number(text, start, end)  # the last paragraph number read so far
    for k, (a, b) in enumerate(blocks):
        if stops(text, a, b, False):
            break
        b = rstrip_end(text, a, b)
        number = _number(text, a, b) or number
        ls = text.rfind("\n", a, b) + 1 or a
        found = _signed_line(text[ls:b])
        if found is not None and number is not None and k + 1 < len(blocks) and _number(text, *blocks[k + 1]) == number + 1:
            found = None  # the cable's numbering goes on under the name: a heading ("Security Cooperation" over "¶9."), no signer
        elif found is not None and ls <= a and b - a <= 60 and k + 1 < len(blocks) and section_text(text, *blocks[k + 1]):
            found = None  # a line alone over its section's paragraph: a heading ("¶C. Vehicles"; headings.py), no signer
        head = text[a : ls + found[0]] if found is not None else text[a:b]
        if signed_at is not None:
            # Past a signature: only a sign-off's short lines down to the cable's signer in
            # capitals ("Tania Lopez" / "WTO Forum Coordinator" / "End of translation LANGDALE").
            if k - signed_at > 3 or b - a > 120:
                break
            if found is not None and found[1]:
                best = b
                break
            continue
        if quoted:
            if len(head) < 200 and head == head.upper() and found is None and not strong(head):
                break  # a line in capitals under a letter (not its page break): no letter's, a user's shout
            if found is not None and found[1]:
                best = b
                break
            continue
        if len(head) > 120 and reads_as_user(head):
            break
        _, u, c = register(head)
        if len(head) < 200 and head == head.upper():
            c = 0  # a short line in capitals is a heading or a user's shout: its words are no acronyms of the cable
        cable, user = cable + c, user + u
        if found is not None and cable >= 3 and cable >= 2 * user + 1:
            best, signed_at = b, k
            if found[1]:
                break
    return best
