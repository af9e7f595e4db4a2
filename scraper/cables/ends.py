"""Where a cable body ends: its signer, its trailers, or its last cable-looking block.

A body is read block by block from its classification line; it ends at its signer (a
name line or a name at the end of the last text line, in capitals or mixed case), at a
trailer (``NNNN``, ``End Cable Text``), or, unsigned, after its last cable-looking block
before the user's words. A user's lines typed right under an unsigned cable are cut off.

Pure. The lines themselves are read by ``signers`` (signer lines and tails, trailers, the
closing lines after the end) and ``tails`` (the user's lines typed right under a cable);
what a block is, by ``blocks``.
"""

from __future__ import annotations

import re

from .blocks import FIRST_PARA_RE, HEAD_RE, LABEL_RE, LONG_BLOCK, TOP_LABEL_RE, all_caps, cable_like, heading, split_blocks, stops
from .excerpt_order import form_record
from .excerpts import broken_off_cut, excerpt_goes_on, names_users_block, ruled_heading_cut, sentence_goes_on, signed_typed_cut, typed_tail_cut
from .headings import closing_heading, labelled_heading, section_text, lowercase_top_line, ruled_heading_end, underlined_heading
from .goes_on import goes_on, in_capitals, runs_on, runs_on_across_break, users_paragraph
from .signers import SIGNER_LINE_RE, candidates, ends_message, footer_tail, is_name, name_words, opens_with_end_mark, signed_under, signs_after_footer, signer_line, tail_ok, trailer_block, trailers_end
from .prose import reads_as_user, shouts
from .tails import signs_short_remark, user_tail_cut
from .textspan import WS, line_end, line_spans, rstrip_end, skip_h


def body_end(text: str, start: int, bound: int, *, excerpt: bool = False, after_top: bool = False) -> int:
    """End of a cable body (or excerpt) starting at ``start``; nothing after ``bound``.

    Blocks are read in order. A body ends at its signer: a name line (or line tail) with no
    cable text right after it; of several, the last one that cable text separates from the
    one before (a name in a list is not the end). A trailer (``NNNN``) ends it at once. With
    no signer, it ends after the last cable-looking block before two user-looking blocks
    (unnumbered paragraphs and quoted text stay in). An excerpt ends at its first signer or
    its first user-looking block. No signer is looked for in the top (SUBJECT, REF ...); a
    link line always ends a cable.
    """
    blocks = split_blocks(text, start, bound)
    if not blocks:
        return start
    if after_top and _user_line_block(text, *blocks[0]):
        return start  # after a routing header that stands alone: the user's words, no body
    like: list[bool | None] = [None] * len(blocks)

    def is_like(i: int) -> bool:
        if like[i] is None:
            like[i] = cable_like(text, *blocks[i]) or (i > 0 and goes_on(text, blocks, i, excerpt))
        return like[i]  # type: ignore[return-value]

    head = not excerpt  # in the top of a body: section labels are cable, no signer yet
    first_para = FIRST_PARA_RE.search(text, start, bound)
    head_end = first_para.start() if first_para is not None else bound
    para1 = None if excerpt or first_para is None else first_para.start()
    last = 0  # index of the last block that is part of the cable (no signer)
    settled = False  # the no-signer end is known
    signed: tuple[int, int] | None = None  # (end, block) of the best signer so far
    like[0] = True
    gap = 1 if excerpt else 2  # user-looking blocks tolerated inside a body before it ends
    for i, (a, b) in enumerate(blocks):
        if head and i > 0:
            # The top ends at the first paragraph. A line in capitals there (a wrapped
            # SUBJECT, an office line) is the top's only when more of the cable follows it:
            # as the post's last words it is a user's shout ("READ IT AND WEEP").
            if a < head_end < b and TOP_LABEL_RE.match(text, a, b) is not None:
                like[i] = True  # a label of the top (REF, Classified By) running on into the first paragraph in one block: the body follows
            if (a < head_end and b - a < 800 and (HEAD_RE.match(text, a, b) is not None or all_caps(text, a, b)
                                                  or lowercase_top_line(text, a, b))
                    and (TOP_LABEL_RE.match(text, a, b) is not None or _top_goes_on(text, blocks, i, is_like))):
                last = i
                continue
            head = False
            head_end = min(head_end, a)  # past the top: a label-like line now is no section of it
        if i > 0 and opens_with_end_mark(text, a, b):
            # The telegram's end mark opens this block, alone or with a mirror's ID line run on
            # ("NNNN 2003ROME05149 - ..."): like a trailer, it ends the cable at once; a user's
            # line typed right under it is his (trailers_end takes the mark's line only).
            return trailers_end(text, rstrip_end(text, a, line_end(text, a)), bound)
        if (i > 0 and stops(text, a, b, excerpt and not copy_gap(text, blocks[i - 1][1], a)) and not runs_on(text, blocks[i - 1][1], a)
                and not runs_on_across_break(text, blocks, i) and underlined_heading(text, blocks, i) is None
                and not (excerpt and excerpt_goes_on(text, blocks, i, stops))):
            break  # (a question over a rule of dashes is a heading: "Who is Mantega?")
        # A signer is the cable's last line: none in a block that more cable text follows.
        # (A block ending on the telegram's end mark, NNNN, ends it: the next one is the user's.)
        more = (i + 1 < len(blocks) and is_like(i + 1) and not trailer_block(text, *blocks[i + 1])
                and not ends_message(text, a, b) and not signs_after_footer(text, a, b))
        if not more and (found := _signed_end(text, blocks, i, is_like, head_end)) is not None:
            end, trailer, caps = found
            if excerpt and not trailer and names_users_block(text, blocks, i, end, is_like):
                pass  # a name under a user's own block signs his remark: the excerpt ended above it
            elif trailer:
                return trailers_end(text, end, bound)
            elif excerpt and form_record(text, a, b):
                pass  # a record's heading over its fields ("EID, Moatasim Mohamed" / "DOB: ..."): no signer
            elif excerpt:
                return trailers_end(text, signed_typed_cut(text, start, a, end), bound)
            elif signed is None and not caps and _signs_users_remark(text, blocks, last, i, is_like):
                pass  # a user's name under his remark, below his own lines under the cable
            elif (signed is None or any(is_like(j) for j in range(signed[1] + 1, i))
                    or (_long_between(blocks, signed, i) and in_capitals(text, blocks[i][0], end))
                    or _signoff_between(text, blocks, signed, i, end)):
                signed = (end, i)
        if i > 0 and not settled:
            if is_like(i) or (last == i - 1 and copy_gap(text, blocks[i - 1][1], a)
                              and not _first_name_under(text, a, b) and not _users_line(text, a, b)):
                last = i  # (a block under the copy's own blank line is the copy's: copy_gap)
            elif users_paragraph(text, a, b):
                break  # a user's own prose after the cable's last cable-looking block ends it (a paste may follow)
            elif (excerpt and last == i - 1 and (heading(text, a, b) or labelled_heading(text, a, b)) and not _spaced_copy_above(text, blocks, i)
                    and not _under_user_prose(text, blocks[i - 1][0], blocks[i - 1][1] + 1)):
                last = i  # an excerpt may end on the heading of the cable's next section (not a user's name under his remark)
            elif (excerpt and last == i - 1 and (fe := text.find("\n", a, b)) != -1 and heading(text, a, (fe := rstrip_end(text, a, fe)))
                    and not _under_user_prose(text, blocks[i - 1][0], blocks[i - 1][1] + 1)
                    and not any(is_like(j) for j in range(i + 1, min(len(blocks), i + 1 + gap)))):
                return trailers_end(text, fe, bound)  # the next section's heading, the user's lines typed right under it
            elif excerpt and last == i - 1 and (he := ruled_heading_end(text, a, b)) is not None:
                if he < b and not any(is_like(j) for j in range(i + 1, min(len(blocks), i + 1 + gap))):
                    return trailers_end(text, he, bound)  # the next section's heading on its rule, the user's lines under it
                like[i] = True
                last = i
            elif last == i - 1 and (k := underlined_heading(text, blocks, i)) is not None:
                like[i : k + 1] = [True] * (k + 1 - i)  # a heading over its rule of dashes: the cable's (headings.py)
                last = i
            elif not any(is_like(j) for j in range(i + 1, min(len(blocks), i + 1 + gap))):
                if excerpt:
                    break
                if para1 is not None and b < para1:
                    continue  # above the body's first numbered paragraph: the top goes on to it (an unsigned cable has no signer to reach)
                if last == i - 1 and closing_heading(text, start, a, b):
                    last = i  # the next section's heading, where the copy stopped (headings.py)
                settled = True
    if signed is not None and not _numbered_after(text, blocks, signed[1], last):
        return trailers_end(text, signed[0], bound)
    if not excerpt and closing_heading(text, start, *blocks[last]):
        return trailers_end(text, rstrip_end(text, start, blocks[last][1]), bound)  # (its line under a rule is no user's line typed under it)
    a, b = blocks[last]
    if excerpt and form_record(text, a, b):
        return trailers_end(text, rstrip_end(text, start, b), bound)  # a form's last record: its fields are the cable's
    end = user_tail_cut(text, a, (full := rstrip_end(text, start, b)))
    if excerpt:
        end = sentence_goes_on(text, end, full)  # (a sentence broken off at the wrap goes on: excerpts.py)
        end = typed_tail_cut(text, start, a, end)  # the user's lines typed under it, by the cable's wrap (excerpts.py)
        end = broken_off_cut(text, start, a, end)  # ... or under its last line broken off mid-sentence (excerpts.py)
        if (he := ruled_heading_end(text, a, b)) is not None:
            end = ruled_heading_cut(text, end, he)  # the block's heading on its rule is the cable's, the user's lines under it are not
    return trailers_end(text, end, bound)


def copy_gap(text: str, x: int, y: int) -> bool:
    """Whether the blank lines ``text[x:y]`` between two blocks are the copied text's own: the
    one right above the next block holds a blank. The published cables' blank lines hold a
    space, which SMF serves as "&nbsp;"; a user types his blank lines empty. So the block under
    such a line is still the paste: the heading of the cable's next section where an excerpt
    stops ("\xa0" / "A proposal"), its next paragraph. (A copy that took the cable's blank line
    with it, then the user's empty lines, "\xa0" / "" / "", ends at the empty ones.)"""
    k = text.rfind("\n", x, y)
    j = text.rfind("\n", x, k) if k > x else -1
    if j == -1 or k - j < 2:
        return False
    return not text[j + 1 : k].strip(" \t\xa0\r")


def _spaced_copy_above(text: str, blocks, i: int) -> bool:
    """Whether the copy above block ``i`` keeps the cable's blank lines with their space
    (``copy_gap`` between two of its blocks): then an empty blank line above block ``i`` is the
    user's, and a heading-like line under it his ("NOBODY IS TALKING ABOUT THIS"), not the
    heading of the cable's next section where the copy stopped (that one sits under the
    cable's own blank line, and ``copy_gap`` takes it)."""
    return any(copy_gap(text, blocks[j - 1][1], blocks[j][0]) for j in range(max(1, i - 40), i))


def _first_name_under(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is a user's remark typed on one long line with his first
    name under it ("... still not been told anywhere." / "Ralph"): no paragraph mark opens
    it, as the cable's last paragraph over its signer ("¶12. (C) ..." / "Jones") has one,
    or its lines are wrapped."""
    ls = text.find("\n", a, b)
    if ls == -1 or ls - a <= 120 or text.find("\n", ls + 1, b) != -1 or FIRST_PARA_RE.match(text, a - 1 if a else a) is not None:
        return False
    line = text[ls + 1 : b].strip(WS)
    return _FIRST_NAME_RE.fullmatch(line) is not None and is_name([line.upper()])


_FIRST_NAME_RE = re.compile(r"[A-Z][a-z]{2,14}")


def _users_line(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is one long line in a user's register (``prose``): his
    remark typed right under a copy that took the cable's blank line along."""
    return b - a > 120 and text.find("\n", a, b) == -1 and reads_as_user(text[a:b])


def _numbered_after(text: str, blocks, k: int, last: int) -> bool:
    """Whether the cable's numbering goes on past the name-like block ``k``: the first
    numbered paragraph after it, up to the cable's last cable-looking block ``last``, is the
    next number after the last one above it ("¶2. (U) Participants:" ... "COLOMBIA" / names /
    "¶3. (C) ..."). The cable went on past the name (a participants' list, a letter's
    address), so it was no signer. (Another cable's paragraph pasted under a user's remark
    does not go on with this one's numbers.)"""
    above = next((n for j in range(k, -1, -1) if (n := _para_number(text, blocks[j][0])) is not None), None)
    if above is None:
        return False
    below = next((n for j in range(k + 1, last + 1) if (n := _para_number(text, blocks[j][0])) is not None), None)
    return below == above + 1


_PARA_NUMBER_RE = re.compile(r"\n[ \t\xa0]*¶?[ \t\xa0]*([0-9]{1,3})\.")


def _para_number(text: str, a: int) -> int | None:
    """The number of the numbered paragraph starting the block at ``a`` (``FIRST_PARA_RE``), or None."""
    if a == 0 or FIRST_PARA_RE.match(text, a - 1) is None:
        return None
    return int(_PARA_NUMBER_RE.match(text, a - 1).group(1))


def _top_goes_on(text: str, blocks, i: int, is_like) -> bool:
    """Whether the cable's top goes on after block ``i``: one of the next three blocks is a
    label of the top or cable text (not merely more lines in capitals)."""
    for j in range(i + 1, min(len(blocks), i + 4)):
        if TOP_LABEL_RE.match(text, *blocks[j]) is not None or is_like(j):
            return True
    return False


def _signoff(text: str, a: int, b: int, *, signed: bool) -> bool:
    """Whether ``text[a:b]`` reads as the lines of a sign-off: a few short lines, none
    ending a sentence (names, titles, an office, "End of translation", a list's heading
    "Russian Delegation:" over its names, a telephone); ``signed``: its
    last line is a signer line in capitals, as a cable's own signer is written."""
    lines = line_spans(text, a, b, 6)
    if not lines or len(lines) > 5:
        return False
    for x, y in lines:
        line = text[x:y].strip(WS)
        if _CONTACT_RE.fullmatch(line) is not None:
            continue  # the signer's telephone or e-mail, under the name and office
        if not signed and x == lines[0][0] and 3 <= len(line) <= 40 and line[-1] == ":" and line[0].isupper():
            continue  # the heading of a list of names: "Russian Delegation:" over its members
        if not line or len(line) > 60 or line[-1] in ".!?:;" or not line[0].isupper():
            return False
    if not signed:
        return True
    last = text[lines[-1][0] : lines[-1][1]].strip(WS)
    return last.isupper() and signer_line(last) is not None


# A contact line of a sign-off block: a telephone number ("(506) 2519-2269", "+1 202
# 647-1234", maybe with "Tel:"; seven digits at least, a year is none), or an e-mail address alone.
_CONTACT_RE = re.compile(r"(?:(?:Tel|Phone|Fax|Cell)[.:]?[ \t\xa0]*|)(?=(?:[^0-9]*[0-9]){7})\+?\(?[0-9]{1,4}\)?(?:[ .-]?\(?[0-9]{2,5}\)?){1,4}|[A-Za-z0-9._-]{1,40}@[A-Za-z0-9.-]{2,40}\.[a-z]{2,4}")


def _signoff_between(text: str, blocks, signed: tuple[int, int], i: int, end: int) -> bool:
    """Whether a signer line in capitals (ending at ``end``, in block ``i``) follows an
    earlier name line across sign-off lines only (``_signoff``): the cable's signer is its
    last name line, under a letter's or a list's names and titles."""
    ls = text.rfind("\n", blocks[i][0], end) + 1 or blocks[i][0]
    if not text[ls:end].strip(WS).isupper() or i - signed[1] > 4:
        return False
    return all(_signoff(text, *blocks[k], signed=False) for k in range(signed[1] + 1, i)) and (
        ls <= blocks[i][0] or _signoff(text, blocks[i][0], ls, signed=False))


def _signs_users_remark(text: str, blocks, last: int, i: int, is_like) -> bool:
    """Whether a name in mixed case in block ``i``, after the unsigned cable's last
    cable-looking block ``last`` and only user-looking blocks, signs the user's words rather
    than the cable: the user's own lines are typed right under that block
    (``tails.user_tail_cut``), so the cable ended there and what follows is the user's, his
    first name under his remark ("Dave") too. (A signer in capitals, "RICE", is not asked.)"""
    if i <= last or any(is_like(j) for j in range(last + 1, i + 1)):
        return False
    a, b = blocks[last]
    b = rstrip_end(text, a, b)
    return user_tail_cut(text, a, b) < b


def _long_between(blocks, signed: tuple[int, int], i: int) -> bool:
    """Whether the text between an earlier signer-like line and block ``i`` is long
    (``LONG_BLOCK``): a forum user's remark under a paste is short, so a later name line
    after that much text is the cable's own last line (a list of names, a form, a letter
    quoted with its own signature before the cable's signer)."""
    end, j = signed
    n = blocks[j][1] - end
    for k in range(j + 1, i):
        n += blocks[k][1] - blocks[k][0]
        if n >= LONG_BLOCK:
            return True
    return n >= LONG_BLOCK


def _user_line_block(text: str, a: int, b: int) -> bool:
    """A block of a few short lines (up to three) that reads as no cable text: no label, no
    capitals line (but a user's shout, ``prose.shouts``), no marking, no signer, no routing
    digits; not wrapped (``cable_like``)."""
    if b - a >= 360 or text.count("\n", a, b) > 2 or cable_like(text, a, b):
        return False
    spans = line_spans(text, a, b, 3)
    for x, y in spans:
        if (y - x >= 120 or signer_line(text[x:y].strip(WS)) is not None
                or _DIGITS_RE.search(text, x, y) is not None):  # routing lines: "DE RUEHME #1854/01 1032228"
            return False
        if HEAD_RE.match(text, x, y) is not None and (
                TOP_LABEL_RE.match(text, x, y) is not None
                or not shouts(text[x:y].strip(WS), [text[p:q].strip(WS) for p, q in spans if p != x])):
            return False
    return True


_DIGITS_RE = re.compile(r"[0-9]{5}")


def _signed_end(text: str, blocks, i: int, is_like, head_end: int) -> tuple[int, bool, bool] | None:
    """Where block ``i`` ends the cable, after its signer or at a trailer: (end, is trailer,
    the signer's name is in capitals)."""
    a, b = blocks[i]
    for pos, kind, m in candidates(text, a, b):
        ls = text.rfind("\n", a, pos) + 1 or a
        le = text.find("\n", pos, b)
        le = b if le == -1 else le
        if kind == "trailer":
            return le, True, True
        if not is_name(name_words(m) if kind == "line" else m["name"].replace("\xa0", " ").split()):
            continue
        rest = (le + 1, b) if le < b else None
        # (The block's last line under the classified website's footer: the signer, in any case.)
        footer_signed = kind == "line" and rest is None and signs_after_footer(text, a, b)
        if kind == "tail":
            if not tail_ok(text, m):
                continue  # "... POINTS FOR USE." in a cable in capitals: its sentence's end
            if rest and _MARK_ONLY_RE.fullmatch(text, ls, m.start("name")) is not None:
                continue  # a section's heading after its mark, its text under it ("¶C. Firearms" / "U.S. citizens ...");
                # as the block's last line, "¶18. Creamer" is the signer, numbered as a paragraph
            if le - ls <= 48 and SIGNER_LINE_RE.match(text, ls, le) is not None:
                continue  # the whole line is a name: read as a line
            if rest and not footer_tail(m) and (text[skip_h(text, rest[0])].islower()
                                                or not m["name"].isupper() and _wrapped_before(text, a, ls, le, rest[0])):
                continue  # mid-paragraph: not inside a sentence; "... Scobey" in mixed case only where the line was not wrapped
                # (after the footer, the cable's last line, no sentence of the cable runs on: "lol, ..." is the user's)
        elif footer_signed:
            pass
        elif not _after_sentence(text, a, ls, blocks, i, is_like) and not (m["name"].isupper() and (
                ls <= a or not text[rstrip_end(text, a, ls - 1) - 1].islower() or not _wrapped_into(text, a, ls, m["name"])
                or not _runs_on_under(text, le, b))
                and text[rstrip_end(text, ls, le) - 1] != "." and not text.startswith('."', rstrip_end(text, ls, le) - 2)):
            continue  # a name in capitals is a signer unless a sentence runs on into it ("THE\nMILITARY OPTION.")
        mixed = not m["name"].isupper()  # (a user writes his name as people do: "Dave", not "RICE")
        if kind == "line" and (_under_user_prose(text, a, ls, name=mixed) if ls > a
                               else i > 0 and _under_user_prose(text, blocks[i - 1][0], blocks[i - 1][1] + 1, name=mixed)):
            continue  # a user signs his own long remark ("Dave" under it, or a blank line lower): no cable's signer
        if kind == "line" and mixed and i > 0 and ls > a and signs_short_remark(text, a, ls):
            continue  # ... or his short remarks, his name under them in their block ("... for the record." / "Mike")
        caps = kind == "tail" or m["name"].isupper()
        if pos < head_end and rest and LABEL_RE.match(text, rest[0], rest[1]) is not None:
            continue  # the top of a cable (a wrapped SUBJECT, an office line) runs on: no signer there
        if rest:
            if rest[1] - rest[0] >= LONG_REST or cable_like(text, *rest) or (kind == "line" and _signoff(text, *rest, signed=True)
                                           and not signed_under(text, a, rstrip_end(text, ls, le), text[rest[0]:rest[1]])):
                continue  # more cable text; a sign-off block whose last line is the signer (names, a title)
            if kind == "tail" and _name_again_under(text, m["name"], rest[0]):
                continue  # the signer's line under its signature run onto the last line ("... Peter R. Coneway" / "CONEWAY")
        elif i + 1 < len(blocks) and is_like(i + 1) and not trailer_block(text, *blocks[i + 1]) and not footer_signed:
            continue
        elif ls <= a and (kind == "line" or le - ls <= 60) and i + 1 < len(blocks) and section_text(text, *blocks[i + 1]):
            continue  # a heading alone in its block over its section's paragraph ("IMPACT", "¶E. Vessels"): no signer
        if not caps and not footer_signed and _more_cable(text, blocks, i + 1, 2, is_like):
            continue
        return rstrip_end(text, ls, le), False, m["name"].isupper()
    return None


# A paragraph's or a section's mark alone at the start of a line: "¶C. ", "B. ", "12. ", "VII. ".
_MARK_ONLY_RE = re.compile(r"[ \t\xa0]*(?:¶[ \t\xa0]*)?(?:[0-9]{1,3}|[A-Z]|[IVX]{1,5})\.[ \t\xa0]{1,3}")


# A name line with this much of its block under it (no blank line between) is no signer: the
# cable goes on, its paragraphs one a line (the partner's copy: "... POC at Post is Robert
# Andrew." / "Costa Rica" / "Although Costa Rica is ..."). A user's words typed under a paste
# are a few lines; the longest remarks of the paste bench's users, three paragraphs, are ~1,300.
LONG_REST = 5 * LONG_BLOCK


def _name_again_under(text: str, name: str, ls: int) -> bool:
    """Whether the line at ``ls`` is a signer line in capitals naming ``name`` again: the
    cable's signer line under the signature its last line ends with (a letter's "Ambassador
    Peter R. Coneway" over "CONEWAY"), so the signature is not the cable's end. (A user's line
    under a paste does not repeat the cable's last word in capitals.)"""
    le = text.find("\n", ls)
    line = text[ls : len(text) if le == -1 else le].strip(WS)
    m = signer_line(line)
    return m is not None and line.isupper() and m["name"].split()[-1] == name.split()[-1].upper()


def _runs_on_under(text: str, le: int, b: int) -> bool:
    """Whether the line after ``le`` (in the block ending at ``b``) goes on in lowercase: a
    sentence wrapped into a name in capitals runs on through it ("... talks with the" /
    "PRESIDENT" / "of Brazil ..."). Under a signer the block ends, or a line starts as a user's
    or a trailer does: of the tuning bodies' lines in capitals that a name reads (no full
    stop), under a wrapped line ending in lowercase, 45 end their block or stand over a line
    that does not start in lowercase, and all but two of those are the cable's signer ("NATO.\""
    ends a quoted sentence; "WOOD" signs a cable a dump follows); the 5 others run on."""
    if le >= b:
        return False
    p = skip_h(text, le + 1)
    return p < b and text[p].islower()


def _under_user_prose(text: str, a: int, ls: int, *, name: bool = False) -> bool:
    """Whether the line above ``ls`` is a long line that reads as a user's own prose
    (``prose.reads_as_user``): a name line under it signs the user's remark, not the cable.
    (A cable's paragraph is wrapped or, flattened, in the cable's own register.)

    ``name``: the line at ``ls`` is a name in mixed case ("Dave", "Scobey"). Under such a
    line, the weaker ``typed`` reading is enough whatever the layout: over the tuning part's
    bodies, as pasted and flattened, 635 name lines in mixed case stand under a line of over
    120 characters, and one of those lines reads so (a heading's, "Russian Support", not a
    signer), while a user's long remark signed so is often in one class of his markers only
    ("you" and "your" to the thread's readers, no contraction)."""
    pe = rstrip_end(text, a, ls - 1)
    ps = text.rfind("\n", a, pe) + 1 or a
    if pe - ps <= 120:
        return False
    if name and reads_as_user(text[ps:pe], typed=True):
        return True
    # Typed under a wrapped cable (its lines above 40-100 long, this one over twice that): the layout says typed.
    lines = line_spans(text, max(0, ps - 600), ps - 1, 40)[-6:] if ps > 0 else []  # (the block above too)
    width = max((y - x for x, y in lines), default=0)
    return reads_as_user(text[ps:pe], typed=40 <= width <= 100 and pe - ps > 2 * width)


def _wrapped_before(text: str, a: int, ls: int, le: int, nxt: int) -> bool:
    """Whether the line ``text[ls:le]`` may have been wrapped before the next line's first
    word (at ``nxt``): a sentence may then run on from its last word ("... met the
    Minister. Ambassador" / "Scobey said"). A line of a paragraph flattened onto one line
    (over 120 characters, or under such lines) is not wrapped; a shorter one is, when the
    next word would not have fitted on it at the width of the lines above it (56, a cable's
    narrowest, with none above): a signer's name ends its line short of the width."""
    n = rstrip_end(text, ls, le) - ls
    if n > 120:
        return False
    e = nxt
    while e < len(text) and text[e] not in WS:
        e += 1
    # (the lines above in the blocks before too: a one-line paragraph of a flattened copy)
    width = max((y - x for x, y in line_spans(text, max(0, ls - 800), ls - 1)[-6:]), default=0) if ls > 0 else 0
    return width <= 120 and n + 1 + (e - nxt) > (width if width >= 40 else 56)


def _wrapped_into(text: str, a: int, ls: int, name: str) -> bool:
    """Whether the line above ``ls`` was wrapped before ``name`` (its first word would not
    have fitted on it at a cable's width, ``goes_on.runs_on``'s measure): a sentence may run on
    into it. Under a short line ("Chief Rabbi of ... Turkey" over the signer) it may not."""
    pe = rstrip_end(text, a, ls - 1)
    prev = text[text.rfind("\n", a, pe) + 1 or a : pe].strip(WS)
    return len(prev) + 1 + len(name.split(maxsplit=1)[0]) >= 56


def _after_sentence(text: str, a: int, ls: int, blocks, i: int, is_like) -> bool:
    """Whether a name-like line stands where a signer does: after a finished sentence."""
    if ls <= a:
        return i == 0 or is_like(i - 1)  # after a user's block it is the user's line
    prev = text[text.rfind("\n", a, ls - 1) + 1 or a : ls - 1].rstrip(WS)
    return prev[-1:] in '.!?)"\':*' or prev.endswith(("XXX", "html", "/")) or "://" in prev or "www." in prev


def _more_cable(text: str, blocks, i: int, n: int, is_like) -> bool:
    """Whether one of the ``n`` blocks from ``i`` reads as cable (a name-like line was not the end).

    A user's block that ends any cable (a link line) ends the look: what follows it is the
    next paste, not more of this cable.
    """
    for j in range(i, min(len(blocks), i + n)):
        if stops(text, *blocks[j], False):
            return False
        if is_like(j) and not trailer_block(text, *blocks[j]):
            return True
    return False
