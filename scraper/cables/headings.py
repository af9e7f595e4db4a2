"""Section headings inside a pasted cable: the lines a reader would take for a user's.

Pure. ``ends.body_end`` reads a body block by block and ends it before the user's words; a
section heading is short, unnumbered and often in capitals, as a user's shout is. What makes
it the cable's is the cable's own furniture around it: the rule of dashes drafters put under
a heading (users do not underline their remarks).
"""

from __future__ import annotations

import re

from .prose import register
from .textspan import WS, rstrip_end

# A heading's underline alone in its block: "-----", "--------------------------------------------- ---"
# (a long rule wrapped at the cable's width), "-------..." (a mirror's cut). Dashes only: a
# user's "-- posted from my phone" has words.
_RULE_RE = re.compile(r"[ \t\xa0]*-{3,}(?:[ \t\xa0]+-+)*[ \t\xa0]*(?:\.\.\.|…)?[ \t\xa0]*")

# A page break line ("BRASILIA 00000609 002 OF 003"), as ``blocks`` reads one.
_PAGE_BREAK_RE = re.compile(r"[A-Za-z][A-Za-z .'-]{1,30}[ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[ ]?[0-9])?[ \t\xa0]+(?i:of)[ \t\xa0]+[0-9]{3}")

# How many short blocks a heading may take above its rule: a mirror's double-spaced copy
# puts a blank line under every line ("POTENTIAL COOPERATION:" / "RENEWABLES, ..." / "-----").
_MAX_LINES = 3


def underlined_heading(text: str, blocks, i: int) -> int | None:
    """The index of the rule under a heading that starts at block ``i``, or None.

    Blocks ``i`` up to the rule are one short line each that ends no sentence (the heading,
    maybe wrapped over a blank line), and the next block is a rule of dashes only. A rule
    may stand over the heading too (block ``i``: "-----" / "Egypt Opposes ..." / "-----").
    """
    if i >= len(blocks) or blocks[i][1] - blocks[i][0] > 100:
        return None  # (speed: the common case, a paragraph; every block read below is short)
    first = i + 1 if _RULE_RE.fullmatch(text, *blocks[i]) is not None else i
    for k in range(first, min(len(blocks), first + _MAX_LINES + 1)):
        a, b = blocks[k]
        if k > first and _RULE_RE.fullmatch(text, a, b) is not None:
            return k
        if b - a > 100 or text.find("\n", a, b) != -1:
            return None
        line = text[a:b].strip(WS)
        if k > first and _PAGE_BREAK_RE.fullmatch(line) is not None:
            continue  # a page break between the heading and its rule
        if not line or line[-1] in ".!;,\"'" or not (line[0].isupper() or line[0].isdigit() or line[0] in "(/"):
            return None  # (a question may be a heading: "Who is Mantega?")
    return None


# A heading's text flattened onto its rule of dashes, on one line: after it ("UP-CLOSE WITH
# THE QUILOMBOS - - - -", "Comment - - - -"), or between two ("- - - Concerns about TFCA - - -",
# "-- About Shika NPP --", "----- - Amorim Discusses Cuba ------"). The rule after the text
# is what a user does not type: his "-- Tom", "-- posted from my phone" has dashes before it only.
_RULED_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?:(?:-[ \t\xa0]?){2,}[ \t\xa0]*)?           # a rule over it, flattened: "----- -", "- - -"
    [A-Z0-9"“(/][^\n]{0,100}?(?<![.!;,])               # the heading: no sentence ends it
    [ \t\xa0]+(?:-[ \t\xa0]?){2,}[ \t\xa0]*            # its rule: "-----", "- - -", "--"
    """,
    re.VERBOSE,
)
# A rule of dashes alone on its line, maybe spaced ("-----", "- - - -").
_ANY_RULE_RE = re.compile(r"[ \t\xa0]*(?:-[ \t\xa0]?){3,}[ \t\xa0]*")
# A heading's text alone on its line (a short line that ends no sentence).
_HEADING_TEXT_RE = re.compile(r"[ \t\xa0]*[A-Z0-9\"“(/][^\n]{0,100}?(?<![.!;,])[ \t\xa0]*")


def ruled_heading_end(text: str, a: int, b: int) -> int | None:
    """The end of a heading marked by its rule of dashes at the start of the block
    ``text[a:b]``, or None: a heading flattened onto its rule on the first line
    (``_RULED_LINE_RE``), a heading's line with a rule under it, or between two rules on
    three lines ("-----" / "Major Newspaper Taking Its Last Gasps?" / "-----"). Drafters mark
    a section's heading so; users do not underline their remarks."""
    lines = []
    p = a
    while p < b and len(lines) < 3:
        e = text.find("\n", p, b)
        e = b if e == -1 else e
        lines.append((p, e))
        p = e + 1
    x, y = lines[0]
    if y - x <= 160 and _RULED_LINE_RE.fullmatch(text, x, y) is not None:
        return y
    if len(lines) < 2 or lines[1][1] - lines[1][0] > 160:
        return None
    first = 1 if _ANY_RULE_RE.fullmatch(text, x, y) is not None else 0  # a rule over it
    if first + 1 >= len(lines) or _HEADING_TEXT_RE.fullmatch(text, *lines[first]) is None:
        return None
    return lines[first + 1][1] if _ANY_RULE_RE.fullmatch(text, *lines[first + 1]) is not None else None


# The caveats a cable's top carries on their own line, in any case: a lowercased copy
# ("Noforn sipdis", "Sipdis Sipdis") is still the cable's; a user's sentence has other words.
_CAVEAT = r"(?i:noforn|sipdis|exdis|nodis|limdis|stadis|sensitive|nocontract|orcon|propin)"
_CAVEATS_RE = re.compile(rf"[ \t\xa0]*{_CAVEAT}(?:[ \t\xa0,/]+{_CAVEAT})*[ \t\xa0,.]*")

# An office line of the top in any case ("Dept for eur/carc", "State for isn/mtr"): an
# office word, "for" or "pass to", then an office code with a slash.
_OFFICE_RE = re.compile(
    r"[ \t\xa0]*(?i:dept|department|state|usdoc|ustr|treasury|commerce|nsc|pass)[ \t\xa0]+(?i:for|to|pass[ \t\xa0]+to)"
    r"[ \t\xa0]+[A-Za-z]{2,8}/[A-Za-z/]{2,20}[ \t\xa0,]*")


def lowercase_top_line(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is one line of a cable's top written in lower or
    mixed case: caveats only ("Noforn sipdis") or an office line ("Dept for eur/carc"); a
    short block of such lines too ("Noforn" / "sipdis")."""
    if b - a > 120:
        return False
    return all(_CAVEATS_RE.fullmatch(line) is not None or _OFFICE_RE.fullmatch(line) is not None
               for line in text[a:b].split("\n", 3))


# A heading in capitals that names its topic, then what it says of it: "SIDE BENEFIT:
# MENTORING OUR AFGHAN COLLEAGUES", "A SMALL WORLD: AL-HIJAZI HEARD ...". A label, a colon
# inside the line, two words or more after it, and no sentence's stop anywhere.
_LABELLED_RE = re.compile(r"[ \t\xa0]*[A-Z0-9][A-Z0-9 ,'&/().-]{1,60}[A-Z0-9)]:[ \t\xa0]+[A-Z0-9\"'(][A-Z0-9 ,'’&/().?\"-]*[ \t\xa0][A-Z0-9 ,'’&/().?\"-]*[A-Z0-9)?\"'][ \t\xa0]*")


def labelled_heading(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is one line in capitals that heads a section by a
    label and its topic (``_LABELLED_RE``): an excerpt may end on the heading of the
    cable's next section so. A user's shout is sentences ("THIS IS HUGE. READ IT."), with
    no label over it; the top's labels (SUBJECT, TAGS, REF) stand in the top, not after a
    paragraph, where an excerpt reads them. Over the paste bench's 20,000 tuning posts of
    seeds 21-30 it turns 2 posts' commentary right and none wrong."""
    return b - a <= 120 and text.find("\n", a, b) == -1 and ". " not in text[a:b] and _LABELLED_RE.fullmatch(text, a, b) is not None


# What ends a sentence at a line's end.
_SENTENCE_ENDS = frozenset(".!?:;\"')]”’")


def caveat_inside(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` is the rest of a sentence that the cable's own caveat line broke
    ("... Peace activist Moritz Akerman said Gomez was" / "SIPDIS" / "intellectual and
    \\"urbane,\\" ..."): the telegram system put the caveat where the page's first line fell,
    in the middle of a paragraph. The block starts with a line of caveats only and goes on
    under it, and the block above ends on a wrapped line (35 characters or more) that ends
    no sentence. A user's remark is not cut by a caveat line."""
    a, b = blocks[i]
    e = text.find("\n", a, b)
    if e == -1 or _CAVEATS_RE.fullmatch(text, a, e) is None:
        return False
    pa, pb = blocks[i - 1]
    ls = text.rfind("\n", pa, pb) + 1 or pa
    while pb > ls and text[pb - 1] in " \t\xa0\r":
        pb -= 1
    return pb - ls >= 35 and text[pb - 1] not in _SENTENCE_ENDS


# A heading's words in Title Case: every word of four letters or more starts in capitals
# ("Yemen: Leader in Regional Reform?", "...at the Head of a Dysfunctional Party...").
_LONG_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]{3,}")
# A short line over a rule of dashes alone on the next line: the cable's underlined heading.
_UNDERLINED_RE = re.compile(r"\n[ \t\xa0]*[A-Z0-9\"“(.¶][^\n]{2,98}\n[ \t\xa0]*(?:-[ \t\xa0]?){3,}[ \t\xa0]*\n")


def _title_case(line: str) -> bool:
    """Whether ``line`` is written in Title Case or in capitals, with two long words at least."""
    words = _LONG_WORD_RE.findall(line)
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def closing_heading(text: str, start: int, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]``, the post's last, after the cable's last block, is
    the heading of the cable's next section, where a copy of its first paragraphs stopped
    ("Shebaa Farms -- Obsession or Pretext?"): one short line in Title Case (maybe under a
    rule of dashes), no sentence's stop at its end (a question's mark or an ellipsis may
    be), and the cable above from ``start`` underlines its headings so ("Lebanese
    Parliament to Snub Visitors?" / "-----"), or a rule stands over this one. A user's own
    line under a paste is a sentence; in Title Case it stands in no cable of underlined
    headings."""
    if b - a > 200:
        return False  # (speed: a paragraph)
    e = rstrip_end(text, a, b)
    lines = text[a:e].split("\n")
    ruled = len(lines) == 2 and _ANY_RULE_RE.fullmatch(lines[0]) is not None
    if len(lines) > 1 + ruled:
        return False
    line = lines[-1].strip(WS)
    if not 8 <= len(line) <= 100 or not (line[0].isupper() or line[0] in "\"“.") or line[-1] in ",;:!":
        return False
    if line[-1] == "." and not line.endswith((". . .", "...")):
        return False  # a sentence (an ellipsis is a heading's: "Modernizing, Collaborating. . .")
    if not _title_case(line) or line.isupper() and line[-1] != "?":
        return False  # (a line in capitals may be a user's shout: a question heading only, "TEAMING UP WITH THE DUTCH IN URUZGAN?")
    if ruled or _UNDERLINED_RE.search(text, max(0, start - 1), a) is not None:
        return True
    # A heading in capitals under a cable that heads its sections so, on a line alone
    # between its paragraphs ("SWISS GIVE A YARD, LIBYA DEMANDS A MILE").
    return line.isupper() and _CAPS_HEADING_RE.search(text, max(0, start - 1), a) is not None


# A heading in capitals alone in its block, a numbered paragraph right under it.
_CAPS_HEADING_RE = re.compile(r"\n[ \t\xa0]*\n[ \t\xa0]*[A-Z][A-Z0-9 ,'&/:().?-]{8,98}[ \t\xa0]*\n[ \t\xa0]*\n[ \t\xa0]*¶?[0-9]{1,3}\.")



def section_text(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is a paragraph in the cable's own register: 200
    characters at least, none of a user's markers (``prose.register``: no "I", "you",
    contraction, chat word, "!" or "?") and three of the cable's words (formal words, its
    acronyms) at least. Under a line alone that a name reads, such a paragraph is the text
    of the section that line heads ("IMPACT" / "Embassy San Jose engaged in a $2.15
    million ...", "¶E. Vessels" / "COASTAL PATROL CRAFT: ..."), not a signer's: a user's
    words under a cable's signer have his markers."""
    if b - a < 200:
        return False
    _, user, cable = register(text[a : min(b, a + 1500)])
    return user == 0 and cable >= 3
