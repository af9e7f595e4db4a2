"""Whether a cable's text goes on past a block, or the block is the user's.

Pure; asked by ``ends.body_end`` of each block after the first. A block goes on with the
cable when the cable's own layout says so: the text under a heading over its rule of
dashes, a sentence broken off at the cable's wrap width (also across a page break), the
next bullet of a list a sentence of the cable introduced, the rest of a flattened top, a
long block the cable's evidence lies beyond. A paragraph typed in the user's register
(``prose.reads_as_user``, strict) is the user's: the cable does not go on into it.
"""

from __future__ import annotations

import re

from .blocks import LONG_BLOCK, cable_like, listed_names, stops
from .excerpts import excerpt_goes_on, next_item
from .headings import caveat_inside
from .paragraphs import double_spaced_run_on, lettered_item
from .prose import reads_as_user
from .signers import signer_line, signer_tail
from .textspan import GOES_ON_WORDS, WS, rstrip_end, skip_h


def in_capitals(text: str, a: int, end: int) -> bool:
    """Whether the signer line ending at ``end`` is written in capitals ("RICE", "KEEGAN PAAL").
    Only such a later name line wins over an earlier one across long text: a forum user who
    signs a long remark under a paste writes his name as people do ("Mike")."""
    ls = text.rfind("\n", a, end) + 1 or a
    line = text[ls:end]
    return any(ch.isalpha() for ch in line) and line == line.upper()



def users_paragraph(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is a user's paragraph: typed, not wrapped (its first
    line runs past 120 characters: a cheap test first, a cable's paragraphs are wrapped or
    flattened), in a user's register (``prose.reads_as_user``, strict: it cuts a body short)."""
    return b - a > 120 and text.find("\n", a, a + 121) == -1 and reads_as_user(text[a:b], strict=True)




# What a block starting with a caveat line starts with ("SIPDIS", "NOFORN", "EXDIS", ...; headings.py).
_CAVEAT_FIRST = frozenset(" \t\xa0SNELOPsnelop")
# What a block of names starts with (speed: a block starting otherwise skips the call).
_NAME_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ(-")

_RULE_END_RE = re.compile(r"[ \t\xa0]*(?:-[ \t\xa0]?){3,}[ \t\xa0]*$")  # a heading's underline: "-----", "- - -"


def goes_on(text: str, blocks, i: int, excerpt: bool) -> bool:
    """Whether block ``i`` goes on with the cable text before it: the text under a heading
    underlined with dashes, or a sentence broken off before it (``_runs_on``), also across
    a page break between the two halves. An excerpt may end on a heading: it is not read
    past one."""
    a, prev_end = blocks[i][0], blocks[i - 1][1]
    if excerpt and excerpt_goes_on(text, blocks, i, stops):
        return True  # between the cable's paragraphs N and N + 1, in a text it quotes (excerpts.py)
    # (Speed: an item starts with its bullet, its bracket or a short token before ")".)
    if not excerpt and (text[a] in "-(" or ")" in text[a + 1 : a + 3]) and next_item(text, blocks, i):
        return True  # the next item of the cable's list, written as the one above ("--(3)" under "--(2)"; excerpts.py)
    if not excerpt and text[a : a + 1].isalpha() and text[a + 1 : a + 2] == "." and lettered_item(text, blocks, i):
        return True  # a lettered sub-paragraph of the cable's list ("f. ADOPTION FRAUD:" under "e. ..."; paragraphs.py)
    last_start = text.rfind("\n", 0, prev_end) + 1
    if not excerpt and _RULE_END_RE.fullmatch(text, last_start, prev_end) is not None and blocks[i - 1][0] < last_start:
        return True  # a heading over its rule: its section's text follows
    if runs_on(text, prev_end, a) or runs_on_across_break(text, blocks, i):
        return True
    if text[a : a + 1] in _CAVEAT_FIRST and caveat_inside(text, blocks, i):
        return True  # the rest of a sentence the cable's "SIPDIS" line broke (headings.py)
    if not excerpt and double_spaced_run_on(text, blocks, i):
        return True  # a double-spaced copy's lines broken off at the wrap, the sentence going on in a name (paragraphs.py)
    if (not excerpt and text[last_start : last_start + 1] in "- " and last_start <= blocks[i - 1][0]
            and _FLAT_HEADING_RE.fullmatch(text, blocks[i - 1][0], prev_end) is not None):
        return True  # a heading flattened between its rules ("----- U.S. Delegation -----"): its section follows
    end_ch = text[rstrip_end(text, last_start, prev_end) - 1]  # (speed: the one character each rule below needs first)
    if end_ch.isdigit() and not excerpt and _after_page_break(text, blocks, i):
        return True  # no cable of the tuning part ends on a page break line: the next page follows
    if end_ch == ":" and _EMPTY_SUBJECT_RE.fullmatch(text, last_start, prev_end) is not None:
        return True  # "SUBJECT:" alone on its line: the subject is the next block (a mirror's copy)
    if text.find("\n¶", a, min(blocks[i][1], a + 130)) != -1 and _PILCROW_LINE_RE.search(text, a, min(blocks[i][1], a + 140)) is not None:
        return True  # a heading over the viewer's numbered points ("Energy Sector:" / "¶1. Imminent ..."): no user types "¶"
    if text.startswith(("End ", "END ", "(End ", "(END "), a) and _END_OF_PART_RE.fullmatch(text, a, blocks[i][1]) is not None:
        return True  # the cable's end mark of a part it quotes, alone: "End talking points for Pakistan.", "End Embassy press release text."
    if text.startswith(("End ", "END ", "end "), a) and _END_REDACTED_RE.fullmatch(text, a, blocks[i][1]) is not None:
        return True  # the end mark of a redacted text quoted in the cable: "End xxxxxxxxxxxx." (its signer follows)
    if not excerpt and _bullet(text, a) and _listed(text, blocks, i):
        return True  # the next bullet of a list its sentence introduced ("... include:" / "- Improved fencing")
    if (not excerpt and end_ch.islower() and prev_end - last_start > 90 and text[a : a + 1].islower()
            and text[text.rfind(" ", last_start, prev_end) + 1 : prev_end].rstrip(WS) in GOES_ON_WORDS):
        return True  # a one-line paragraph (the viewer's copy) broken off after "for", "the": its sentence runs on
    # (Speed: the list of names last of the short block's tests, the costliest: any test above that holds skips it.)
    if not excerpt and text[a : a + 1] in _NAME_FIRST and listed_names(text, blocks, i):
        return True  # a list of names and titles under the cable's "Participants:", its text under it (blocks.py)
    if blocks[i][1] - a < LONG_BLOCK:
        return False
    if _CLASSIFIED_BY_RE.match(text, a, a + 20) is not None:
        return True  # a flattened top: its Classified By line runs on into the first paragraph
    return (not excerpt and _cable_follows(text, blocks, i)
            and not users_paragraph(text, a, blocks[i][1]))  # a user's long remark, the next paste under it


# A heading flattened onto its rules, alone in its block: "------- U.S. Delegation -------".
# A cable does not end on a heading: the block under it is its section's text.
_FLAT_HEADING_RE = re.compile(r"[ \t\xa0]*-{5,}(?:[ \t\xa0]+-+)?[ \t\xa0]+[^\n]{1,80}?[ \t\xa0]+-{5,}(?:[ \t\xa0]+-+)?[ \t\xa0]*")


def _cable_follows(text: str, blocks, i: int, n: int = 8) -> bool:
    """Whether the cable's own text goes on after the long block ``i``: a cable-looking block
    or a signer line in capitals comes within ``n`` blocks before anything that ends a cable. Long unnumbered prose (a quoted letter, a CV, a vetting list)
    is the cable's when the cable's evidence lies beyond it; under a cable's signer, with
    nothing of the cable after it, a long paragraph is a user's own long remark."""
    for j in range(i + 1, min(len(blocks), i + 1 + n)):
        a, b = blocks[j]
        if stops(text, a, b, False):
            return False
        if cable_like(text, a, b) or (b - a <= 48 and signer_line(text[a:b]) is not None and in_capitals(text, a, b)):
            return True  # (a name in capitals: a user signs a long remark as people write names, "Mike")
    return False


def runs_on_across_break(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` goes on with the sentence broken off before the page break line
    that is block ``i - 1``. The line above a page break may be short (the page ended
    there): a sentence that stops on a lowercase word or a comma and goes on in lowercase
    is enough, under a line of any length (a flattened paragraph the page break cut)."""
    if i < 2:
        return False
    pb = blocks[i - 1]
    return (text.find("\n", *pb) == -1 and (PAGE_BREAK_LINE_RE.fullmatch(text, *pb) is not None
                                           or _LONE_SIPDIS_RE.fullmatch(text, *pb) is not None)
            and runs_on(text, blocks[i - 2][1], blocks[i][0], fit=False))


# The viewer's SIPDIS line alone in its block, inside a paragraph: as a page break, the
# sentence above it runs on under it ("... with Secretary of State designate Dr. Rice and other newly" / "SIPDIS" / "appointed ...").
_LONE_SIPDIS_RE = re.compile(r"[ \t\xa0]*SIPDIS[ \t\xa0]*")


# A cable's end mark of a text or a part it quotes, alone on its line: "End text", "END
# TALKING POINTS.", "End talking points for Pakistan.", "(End Embassy press release text)".
# Its last word names a part (not "End of story."; a user writes "the end").
_END_OF_PART_RE = re.compile(
    r"[ \t\xa0]*\(?(?i:end)[ \t\xa0]+(?:[A-Za-z/'-]+[ \t\xa0]+){0,3}"
    r"(?i:text|points|comment|comments|note|summary|statement|message|release|letter|translation|quote|excerpt)"
    r"(?:[ \t\xa0]+(?i:for|to)[ \t\xa0]+[A-Z][A-Za-z .'-]{1,30})?[ \t\xa0]*[.)]{0,2}[ \t\xa0]*")


# "End" and a redaction, alone: the end of a quoted text whose name was redacted.
_END_REDACTED_RE = re.compile(r"(?i:end)[ \t\xa0]+(?i:x){6,}[ \t\xa0]*[.)]?[ \t\xa0]*")


# A line of a block (not its first) that starts with the viewer's pilcrow and a number.
_PILCROW_LINE_RE = re.compile(r"\n[ \t\xa0]*¶[ \t\xa0]?[0-9]{1,3}\.")


def _bullet(text: str, a: int) -> bool:
    """Whether the block at ``a`` starts with a list's bullet: "- Word", "-- Word", "--    Word"
    (the viewer's copy indents the item's text under its dashes; not a rule)."""
    return text.startswith("- ", a) or text.startswith("-- ", a) and text[skip_h(text, a + 3) : skip_h(text, a + 3) + 1].isalnum()


def _listed(text: str, blocks, i: int) -> bool:
    """Whether the bullet block ``i`` is in a list that a sentence of the cable introduces:
    the block above the run of bullets ends with a colon ("... the following:"). A user's
    "-- posted from my phone" under a paste has no such lead-in. Nor is a bullet in lower
    case under a run of bullets that all start with a capital: the cable writes its items
    alike, and a user's "-- makes you wonder ..." under a list he pasted is his remark. (Of
    the tuning part's 1,258 bullets in such a list, 2 start so, neither the cable's last.)"""
    j = i - 1
    while j > 0 and i - j < 40 and _bullet(text, blocks[j][0]):
        j -= 1
    if j < i - 1 and _item_letter(text, blocks[i][0]).islower() and all(
            _item_letter(text, blocks[k][0]).isupper() for k in range(j + 1, i)):
        return False
    return text[rstrip_end(text, blocks[j][0], blocks[j][1]) - 1] == ":" and not _bullet(text, blocks[j][0])


def _item_letter(text: str, a: int) -> str:
    """The first character of the bullet item's text at ``a``, after its dashes."""
    k = skip_h(text, a + (2 if text.startswith("--", a) else 1))
    return text[k : k + 1]




# A SUBJECT label with nothing after it on its line: 15 corpus cables (a mirror's copies)
# put the subject in the next block ("SUBJECT:" / blank / "INVITATION TO ...").
_EMPTY_SUBJECT_RE = re.compile(r"[ \t\xa0]*SUBJ(?:ECT)?:[ \t\xa0]*")
# The top's "Classified By:" label (a capital or a colon after it: a user's "Classified by
# whom?" is a sentence).
_CLASSIFIED_BY_RE = re.compile(r"[ \t\xa0]*(?i:Classified[ \t\xa0]+By)[ \t\xa0]*(?::|[A-Z])")


def _after_page_break(text: str, blocks, i: int) -> bool:
    """Whether block ``i - 1`` is a page break line alone ("REYKJAVIK 00000099 002 OF 002"):
    a page's header is printed over the page's text, so a whole cable never ends on one (none
    of the 4,416 tuning cables does) and the block after it is the cable's. (Not in an
    excerpt: a user may cut a paste anywhere.)"""
    pb = blocks[i - 1]
    return (pb[1] - pb[0] <= 60 and text.find("\n", *pb) == -1
            and PAGE_BREAK_LINE_RE.fullmatch(text, *pb) is not None)


PAGE_BREAK_LINE_RE = re.compile(r"[ \t\xa0]*[A-Za-z][A-Za-z .'-]{1,30}[ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[ ]?[0-9])?[ \t\xa0]+(?i:of)[ \t\xa0]+[0-9]{3}[ \t\xa0]*")


def _double_spaced(text: str, prev_end: int) -> bool:
    """Whether the line ending at ``prev_end`` stands under a blank line and a wrapped line
    (35 to 90 characters, no stop last): a mirror's double-spaced copy, where the sentence
    runs on across every blank line. (Under a paragraph typed or pasted as such, a name
    last on its last line is the signer, and "lol, ..." after it the user's.)"""
    ls = text.rfind("\n", 0, prev_end)
    if ls <= 0:
        return False
    p = rstrip_end(text, 0, ls)  # back over the blank line(s) above
    if text.count("\n", p, ls + 1) != 2:
        return False
    above = text[text.rfind("\n", 0, p) + 1 : p].strip(WS)
    return 35 <= len(above) <= 90 and above[-1] not in ".!?:"


def runs_on(text: str, prev_end: int, a: int, *, fit: bool = True) -> bool:
    """Whether the block at ``a`` goes on with the sentence the block ending at ``prev_end``
    broke off at a cable's wrap width (a mirror's double-spaced copy: a blank line after
    every line): the last line stops on a lowercase word or a comma, the block starts in
    lowercase, and its first word would not have fitted on that line (the wrap measure of
    ``blocks.cable_like``)."""
    last = text[text.rfind("\n", 0, prev_end) + 1 : prev_end].strip(WS)
    if (not (35 <= len(last) <= 90 if fit else 10 <= len(last))
            or not (last[-1].islower() or last[-1] == "," or last[-1].isdigit()  # ("... between 15" / "and 20 percent")
                    or fit and last.rstrip("\"')")[-1:].isalpha())  # "... the ILEA" / "build ...", '... end ""carnal relations""'
            or ((t := signer_tail(last)) is not None and (t["name"].isupper() or not _double_spaced(text, prev_end)))):
        return False  # (a name in mixed case last, "... the U.S.  Kirchner" / "reportedly said": only in a double-spaced copy)
    if not text[a : a + 1].islower():
        return False
    if not fit:
        return True
    e = a
    while e < len(text) and text[e] not in " \t\xa0\r\n":
        e += 1
    return len(last) + 1 + (e - a) >= 56
