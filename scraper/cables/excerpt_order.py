"""Where a pasted excerpt goes on by the cable's order: its lists, and the signer below.

Pure. ``excerpts.excerpt_goes_on`` asks it of each block after an excerpt's first. A cable's
list reads like a user's words item by item (a short line that ends a sentence, "No; not
applicable.", "1) 1951 Defense Agreement."), but the list's own furniture says where it is:
its items are lettered or numbered in order ("-- I." / answer / "-- J."), its lead-in ends
with a colon over its first item, and its bullets are written the same way ("---roads;" under
"---railways;"). A user's remark under a paste neither goes on with the cable's lettering
nor copies its bullet. And a cable ends with its signer in capitals ("CLINTON", "End Text.
VAN VOORST"): the short unnumbered blocks above it ("Not applicable.", "End points.") are
the cable's, where no user signs in capitals (``signed_below``).
"""

from __future__ import annotations

import re

from .prose import reads_as_user
from .signers import ends_signed, is_name, name_words, signer_line, signer_tail
from .textspan import WS, line_spans

# A list's item as it starts a block: a letter or number closed by a bracket ("1)", "(b)",
# "--(3)") or, after a bullet's dashes, by a stop ("-- J.", "- 4."). A bare "4." is left out:
# users number their own points so.
_ITEM_RE = re.compile(
    r"""
    [ \t\xa0]*(?:
        (?P<dash>-{1,3}[ \t\xa0]?)(?P<dtok>[0-9]{1,2}|[A-Za-z])[.)][ \t\xa0]     # -- J.  / - 4)
      | (?P<open>\(?)(?P<tok>[0-9]{1,2}|[A-Za-z])\)[ \t\xa0]                   # 1) / (b)
    )
    """,
    re.VERBOSE,
)
# A bullet as it starts a block: dashes, a star or a dot, then the item's first word ("---roads", "-- The").
_BULLET_RE = re.compile(r"[ \t\xa0]*(?P<bullet>-{1,3}|\*|•)[ \t\xa0]?(?=[A-Za-z(\"“])")
# Blocks looked at for the item before (an item's answer may run to several paragraphs and
# a page break) and for the item after.
_LOOK_UP = 8
_LOOK_DOWN = 4


def _item(text: str, a: int, b: int) -> tuple[str, str] | None:
    """(style, token) of the item starting the block ``text[a:b]``, or None."""
    m = _ITEM_RE.match(text, a, b)
    if m is None:
        return None
    if m["dash"] is not None:
        return "-" * m["dash"].count("-") + " ", m["dtok"]
    return m["open"], m["tok"]


def _follows(tok: str, prev: str) -> bool:
    """Whether ``tok`` is the item after ``prev``: 4 after 3, "b" after "a", "J" after "I"."""
    if tok.isdigit() and prev.isdigit():
        return int(tok) == int(prev) + 1
    return tok.isalpha() and prev.isalpha() and ord(tok) == ord(prev) + 1 and tok.isupper() == prev.isupper()


def _item_above(text: str, blocks, i: int) -> tuple[str, str] | None:
    """The nearest item above block ``i`` (within ``_LOOK_UP`` blocks)."""
    for j in range(i - 1, max(-1, i - 1 - _LOOK_UP), -1):
        if (it := _item(text, *blocks[j])) is not None:
            return it
    return None


def _item_below(text: str, blocks, i: int, want, stops) -> bool:
    """Whether one of the ``_LOOK_DOWN`` blocks after block ``i`` starts an item ``want``
    accepts, before anything that ends a cable (``stops``)."""
    for j in range(i + 1, min(len(blocks), i + 1 + _LOOK_DOWN)):
        a, b = blocks[j]
        if (it := _item(text, a, b)) is not None and want(it):
            return True
        if stops(text, a, b, False):
            return False
    return False


def _lead_in_above(text: str, blocks, i: int) -> bool:
    """Whether block ``i - 1`` ends with a colon: a list's lead-in ("... references to:")."""
    a, b = blocks[i - 1]
    while b > a and text[b - 1] in " \t\xa0\r\n":
        b -= 1
    return text[b - 1 : b] == ":"


def list_goes_on(text: str, blocks, i: int, stops) -> bool:
    """Whether block ``i`` of an excerpt is the cable's by its list: the next item after one
    above ("2)" under "1)", across the first item's other blocks), an answer between two
    items in order ("-- I." / "No; not applicable." / "-- J."), a list's first item under
    its lead-in when its second follows, or a bullet written as the one above it. (The
    blocks between the item above and block ``i`` are the excerpt's already: it is read in
    order.) Over the paste bench's 20,000 tuning posts of seeds 21-30 it turns 6 posts' commentary
    right and none wrong."""
    if i == 0:
        return False
    a, b = blocks[i]
    it = _item(text, a, b)
    above = _item_above(text, blocks, i)
    if it is not None:
        style, tok = it
        if above is not None and above[0] == style and _follows(tok, above[1]):
            return True
        if tok in "1aA" and _lead_in_above(text, blocks, i):
            return _item_below(text, blocks, i, lambda x: x[0] == style and _follows(x[1], tok), stops)
        return False
    if above is not None:
        style, tok = above
        if _item_below(text, blocks, i, lambda x: x[0] == style and _follows(x[1], tok), stops):
            return True  # the answer to item "I", item "J" below it
    m = _BULLET_RE.match(text, a, b)
    if m is None:
        return False
    p = _BULLET_RE.match(text, *blocks[i - 1])
    if p is not None and p["bullet"] == m["bullet"]:
        # (not under an item that ends on the cable's signer: "... universities." / "BRENNAN"
        # / "-- read and share" is the user's own dash)
        return not ends_signed(text, *blocks[i - 1])
    if _lead_in_above(text, blocks, i) and i + 1 < len(blocks):
        q = _BULLET_RE.match(text, *blocks[i + 1])
        return q is not None and q["bullet"] == m["bullet"]  # a list's first bullet: the second under it
    return False


# A numbered paragraph's start ("¶4.", "4. (C)", "4.(SBU)"): the look for a signer below stops
# there (the excerpt's own reading goes on to a next paragraph of the cable, where it is one).
_PARAGRAPH_RE = re.compile(r"[ \t\xa0]*(?:¶[ \t\xa0]?[0-9]{1,3}\.|[0-9]{1,3}\.[ \t\xa0]*\([A-Z/]{1,8}\))")
_SIGN_LOOK = 12  # blocks looked at for the signer below


def _capitals_signer(line: str) -> bool:
    """Whether ``line`` is a cable's signer in capitals: a name line alone ("VAN VOORST"), or
    a short line that ends a sentence, then the name ("End Text. CLINTON")."""
    if len(line) > 60 or line != line.upper():
        m = signer_tail(line) if len(line) <= 60 else None
        return (m is not None and m["name"].isupper() and is_name(m["name"].split())
                and line[: m.start("name")].rstrip(WS)[-1:] == ".")
    m = signer_line(line)
    return m is not None and is_name(name_words(m))


def signed_below(text: str, blocks, i: int, stops) -> bool:
    """Whether block ``i`` of an excerpt is the cable's by its signer below: within
    ``_SIGN_LOOK`` blocks, before anything that ends a cable (``stops``), a user's own
    paragraph (``prose.reads_as_user``, strict) or a numbered paragraph, a block's last line
    is the cable's signer in capitals (``_capitals_signer``). A user signs as people write
    names ("Dave"), and a cable's signer never stands in a user's remark. (A shout of one
    word, "BUMP", reads as a name: alone in its block, under a paste, it would be taken for
    the signer.) Over the paste bench's 20,000 tuning posts of seeds 21-30 it turns 5 posts'
    commentary right and none wrong."""
    for j in range(i, min(len(blocks), i + _SIGN_LOOK)):
        a, b = blocks[j]
        if j > i and (stops(text, a, b, False) or _PARAGRAPH_RE.match(text, a, b) is not None):
            return False
        if b - a > 120 and text.find("\n", a, a + 121) == -1 and reads_as_user(text[a:b], strict=True):
            return False
        ls = text.rfind("\n", a, b) + 1 or a
        if _capitals_signer(text[ls:b].strip(WS)):
            return True
    return False


# A form's field on its own line: a label of a few words, its colon, its value ("DOB:
# 10/10/1975", "Market share: 39.7%", "Place of Birth: CAIRO, EGYPT").
_FIELD_RE = re.compile(r"[ \t\xa0]*[A-Z][A-Za-z/#.()-]*(?:[ \t\xa0][A-Za-z/#.()-]+){0,3}:[ \t\xa0]+[^ \t\xa0\n]")


def form_record(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is one record of a form the cable lists: a heading
    line (a person's name, "EID, Moatasim Mohamed", a company's) over two fields or more on
    their own lines, most of its lines fields (a long value may wrap). Its first line is no
    signer, and the record no user's words: users do not type forms under a paste. Over the
    paste bench's 40,000 tuning posts of seeds 21-40 it turns 2 posts' commentary right and
    none wrong."""
    lines = [text[x:y] for x, y in line_spans(text, a, b, 13)]
    if len(lines) < 3 or len(lines) > 12 or len(lines[0]) > 80 or lines[0].rstrip(WS)[-1:] in ".!?:":
        return False
    fields = sum(_FIELD_RE.match(ln) is not None for ln in lines[1:])
    return fields >= 2 and 3 * fields >= 2 * (len(lines) - 1)

