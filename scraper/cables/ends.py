"""Where a cable body ends: its signer, its trailers, or its last cable-looking block.

A body is read block by block from its classification line; it ends at its signer (a
name line or a name at the end of the last text line, in capitals or mixed case), at a
trailer (``NNNN``, ``End Cable Text``), or, unsigned, after its last cable-looking block
before the user's words. A user's lines typed right under an unsigned cable are cut off.
"""

from __future__ import annotations

import re
from importlib import resources

from .mirrors import MIRROR_TRAILER_RE
from .signer import NOT_SIGNERS
from .textspan import H, WS, line_end, line_spans, rstrip_end, skip_h, skip_ws
from .blocks import FIRST_PARA_RE, HEAD_RE, LABEL_RE, LONG_BLOCK, MEDIUM_RE, TOP_LABEL_RE, all_caps, cable_like, split_blocks, stops, strong


# A mirror's ellipsis line after a cable's last line ("...").
_DOTS_RE = re.compile(r"[ \t\xa0]*(?:\.{2,}|…)[ \t\xa0]*")


_TRAILER_RE = re.compile(
    r"""
    [ \t\xa0]*(?: (?i:nnnn) | End[ \t\xa0]+Cable[ \t\xa0]+Text | Declassified/Released\b[^\n]*   # trailers (NNNN in any case: "Nnnn")
      | =+[ \t\xa0]*CABLE[ \t\xa0]+ENDS[ \t\xa0]*=+                 # a mirror's end marker
      | "                                                    # the closing quote of a CSV body
      | Track[ \t\xa0]+impresi[oó]n:[^\n]*                   # El País's print trailer
    )[ \t\xa0]*$
    """,
    re.VERBOSE,
)


# A signer alone on a line: GARZA, Leslie BASSETT, KEEGAN PAAL, Scobey, van Voorst, McMullen.
_SIGNER_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?:[A-Z][a-z]+[ \t\xa0]+)?                        # first name: Leslie
    (?P<name>
        (?:(?:van|von|de|del|der|da|di|du|la|le|al|el|bin)[ \t\xa0]+)?   # particle: van Voorst
        (?:[A-Z][A-Z'-]{2,}|(?:Mc|Mac)[A-Z]{2,}|(?:Mc|Mac|O')?[A-Z][a-z]+(?:[A-Z][a-z]+|[-'][A-Z]?[a-z]+)?)   # BASSETT, McGEE, Scobey, LeBaron
        (?:[ \t\xa0]+(?:[A-Z][A-Z'-]{2,}|[A-Z][a-z]+))?   # KEEGAN PAAL (of the tuning cables whose last line is in
                                                           # capitals, none ends on three words of a name: "WAKE UP PEOPLE" is none)
    )(?:,?[ \t\xa0]+(?:JR|SR|Jr|Sr|II|III|IV)\.?)?            # TIMKEN JR
    (?:[ \t\xa0]*(?<=[A-Z])[ \t\xa0]*\.{1,2})?                  # "EASON .", "SUSMAN .." (capitals only)
    (?:[ \t\xa0]+0[ \t\xa0]+[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})?   # a mirror's "STEVENS 0 02/18/2008"
    [ \t\xa0]*\\?"?$                                           # a CSV quote
    """,
    re.VERBOSE,
)


# A signer at the end of the last text line: "... XXXXXXXXXXXX. RICE", "... 2007.) Scobey".
# (Speed: the punctuation is written as single-character alternatives, not a class, so that
# every branch starts with a literal and ``re`` skips ahead to those characters when it scans
# a block; the same strings match.)
_SIGNER_TAIL_RE = re.compile(
    r"""
    (?:\.|!|\?|\)|"|'|\*|/|XXXX                                 # after a sentence, a redaction, a rule, a link,
      | TEXT|Text|POINTS|Points)[ \t\xa0]{1,3}                      # a section's end mark: "End Talking Points CLINTON"
    (?P<name>[A-Z][A-Z'-]{2,}(?:[ \t\xa0]+[A-Z][A-Z'-]{2,})?|(?:Mc|Mac)?[A-Z][a-z]{2,})[ \t\xa0]*$
    """,
    re.VERBOSE,
)


_NOT_NAMES = NOT_SIGNERS | frozenset(
    "SUMMARY COMMENT COMMENTS BACKGROUND INTRODUCTION CONCLUSION NOTE END ACTION REQUEST REFTEL "
    "PARTICIPANTS SUBJECT TAGS DECL EXDIS NODIS LIMDIS STADIS ROGER MINIMIZE CONSIDERED "
    "Summary Comment Comments Background Introduction Conclusion Note End Action Participants Text "
    "Overview Analysis Outlook Recommendation Recommendations Discussion Scenesetter Bio Bios "
    "Thanks Bump Bookmarked Wow Indeed Yes No Agreed Source Sources Update Edit "
    # words that start a sentence, never a signer: "... continue. The\nEmbassy will"
    "The This That These Those There Their They He She We It Its Our His Her Post Embassy Mission "
    "In On At For But And If As When While After Before During Since Although However".split()
)


# Line starts of the short lines (a signer or a trailer is one); a literal "\n" first is fast.
_SHORT_LINE_RE = re.compile(r"\n(?=[^\n]{1,100}(?:\n|$))")


_TRAILER_TAIL_RE = re.compile(r"(?<=[^\n])[ \t\xa0](?:NNNN|End[ \t\xa0]+Cable[ \t\xa0]+Text)[ \t\xa0]*$", re.MULTILINE)


_SIGNER_TAIL_M = re.compile(_SIGNER_TAIL_RE.pattern, re.VERBOSE | re.MULTILINE)


def _is_name(words: list[str]) -> bool:
    words = [w for w in words if not set(w) <= {"X"}]  # a redaction before the name: "XXXXXXXXXXXX MOLLER"
    return bool(words) and not any(w in _NOT_NAMES or w.upper() in NOT_SIGNERS for w in words)


def _signer_line(line: str) -> re.Match | None:
    """A signer alone on ``line`` (GARZA, Leslie BASSETT, Scobey), or None."""
    if len(line) > 48 or (m := _SIGNER_LINE_RE.match(line)) is None:
        return None
    return m if _is_name(m["name"].replace("\xa0", " ").split()) else None


def _signer_tail(line: str) -> re.Match | None:
    """A signer at the end of ``line`` after a sentence ("... XXXXXXXXXXXX. RICE"), or None."""
    if (m := _SIGNER_TAIL_RE.search(line, max(0, len(line) - 60))) is None:
        return None
    return m if _is_name(m["name"].split()) else None


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
            like[i] = cable_like(text, *blocks[i]) or (i > 0 and _goes_on(text, blocks, i, excerpt))
        return like[i]  # type: ignore[return-value]

    head = not excerpt  # in the top of a body: section labels are cable, no signer yet
    first_para = FIRST_PARA_RE.search(text, start, bound)
    head_end = first_para.start() if first_para is not None else bound
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
            if (a < head_end and b - a < 800 and (HEAD_RE.match(text, a, b) is not None or all_caps(text, a, b))
                    and (TOP_LABEL_RE.match(text, a, b) is not None or _top_goes_on(text, blocks, i, is_like))):
                last = i
                continue
            head = False
            head_end = min(head_end, a)  # past the top: a label-like line now is no section of it
        if i > 0 and stops(text, a, b, excerpt) and not _runs_on(text, blocks[i - 1][1], a):
            break
        # A signer is the cable's last line: none in a block that more cable text follows.
        more = i + 1 < len(blocks) and is_like(i + 1) and not _trailer_block(text, *blocks[i + 1])
        if not more and (found := _signed_end(text, blocks, i, is_like, head_end)) is not None:
            end, trailer = found
            if trailer or excerpt:
                return _trailers_end(text, end, bound)
            if signed is None or any(is_like(j) for j in range(signed[1] + 1, i)) or _long_between(blocks, signed, i):
                signed = (end, i)
        if i > 0 and not settled:
            if is_like(i):
                last = i
            elif not any(is_like(j) for j in range(i + 1, min(len(blocks), i + 1 + gap))):
                if excerpt:
                    break
                settled = True
    if signed is not None:
        return _trailers_end(text, signed[0], bound)
    a, b = blocks[last]
    return _trailers_end(text, _user_tail_cut(text, a, rstrip_end(text, start, b)), bound)


def _top_goes_on(text: str, blocks, i: int, is_like) -> bool:
    """Whether the cable's top goes on after block ``i``: one of the next three blocks is a
    label of the top or cable text (not merely more lines in capitals)."""
    for j in range(i + 1, min(len(blocks), i + 4)):
        if TOP_LABEL_RE.match(text, *blocks[j]) is not None or is_like(j):
            return True
    return False


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
    """A block of one short line that reads as no cable text: no label, no capitals line, no marking."""
    return (b - a < 120 and text.find("\n", a, b) == -1 and HEAD_RE.match(text, a, b) is None
            and not cable_like(text, a, b) and _signer_line(text[a:b]) is None
            and _DIGITS_RE.search(text, a, b) is None)  # routing lines: "DE RUEHME #1854/01 1032228"


_DIGITS_RE = re.compile(r"[0-9]{5}")


_RULE_END_RE = re.compile(r"[ \t\xa0]*(?:-[ \t\xa0]?){3,}[ \t\xa0]*$")  # a heading's underline: "-----", "- - -"


def _goes_on(text: str, blocks, i: int, excerpt: bool) -> bool:
    """Whether block ``i`` goes on with the cable text before it: the text under a heading
    underlined with dashes, or a sentence broken off before it (``_runs_on``), also across
    a page break between the two halves. An excerpt may end on a heading: it is not read
    past one."""
    a, prev_end = blocks[i][0], blocks[i - 1][1]
    last_start = text.rfind("\n", 0, prev_end) + 1
    if not excerpt and _RULE_END_RE.fullmatch(text, last_start, prev_end) is not None and blocks[i - 1][0] < last_start:
        return True  # a heading over its rule: its section's text follows
    if _runs_on(text, prev_end, a):
        return True
    pb = blocks[i - 1]
    return (i > 1 and text.find("\n", *pb) == -1 and _PAGE_BREAK_LINE_RE.fullmatch(text, *pb) is not None
            and _runs_on(text, blocks[i - 2][1], a))


_PAGE_BREAK_LINE_RE = re.compile(r"[ \t\xa0]*[A-Za-z][A-Za-z .'-]{1,30}[ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[ ]?[0-9])?[ \t\xa0]+(?i:of)[ \t\xa0]+[0-9]{3}[ \t\xa0]*")


def _runs_on(text: str, prev_end: int, a: int) -> bool:
    """Whether the block at ``a`` goes on with the sentence the block ending at ``prev_end``
    broke off at a cable's wrap width (a mirror's double-spaced copy: a blank line after
    every line): the last line stops on a lowercase word or a comma, the block starts in
    lowercase, and its first word would not have fitted on that line (the wrap measure of
    ``blocks.cable_like``)."""
    last = text[text.rfind("\n", 0, prev_end) + 1 : prev_end].strip(WS)
    if not 35 <= len(last) <= 90 or not (last[-1].islower() or last[-1] == ",") or not text[a : a + 1].islower() or _signer_tail(last):
        return False
    e = a
    while e < len(text) and text[e] not in " \t\xa0\r\n":
        e += 1
    return len(last) + 1 + (e - a) >= 56


def _user_tail_cut(text: str, a: int, end: int) -> int:
    """Cut the user's lines typed right under an unsigned cable block (no blank line between).

    They follow the line that closes the cable's text (``_closes``: a paragraph's last line,
    a signer, a redaction, a rule, a page break, a mirror's closing tag); and they read as
    no cable: a few short lines, no paragraph mark, marking, bullet, wrapping or signer.
    """
    lines = line_spans(text, a, end, 400)
    if len(lines) < 2 or len(lines) >= 400:
        return end
    for k in range(max(1, len(lines) - 6), len(lines)):
        prev = text[lines[k - 1][0] : lines[k - 1][1]].rstrip(WS)
        above = text[lines[k - 2][0] : lines[k - 2][1]].rstrip(WS) if k >= 2 else ""
        rest = [text[x:y].strip(WS) for x, y in lines[k:]]
        if not _closes(prev.lstrip(WS), above, rest[0]):
            continue
        if rest[0] == rest[0].upper() and _TAGS_TAIL_RE.search(prev) is not None and _tag_codes(rest[0]):
            continue  # the TAGS list wraps on ("RS, GG, UP, BO, LH")
        if (sum(map(len, rest)) > 600 or any(len(r) > 120 for r in rest)
                or any(strong(r) or (len(r) >= 80 and MEDIUM_RE.match(r)) for r in rest)
                or _cables_own(rest[0]) or cable_like(text, lines[k][0], end)):
            continue
        return rstrip_end(text, a, lines[k - 1][1])
    return end


# A line the cable itself ends with: a capitals name after its text ("... at xxxxx NELSON"),
# or cut short by a mirror ("C....", "CENTCOM FOR CG CJTF-...", "Ambassa...").
_OWN_LAST_LINE_RE = re.compile(r"[^\n]*(?:[a-z0-9.,;)][ \t\xa0]+[A-Z][A-Z'-]{2,}|[A-Za-z-](?:\.{3,}|…))[ \t\xa0]*")


# A paragraph's start (numbered, portion-marked, the viewer's pilcrow): a line starting one
# ends the cable only when it ends a sentence (a one-line paragraph).
_PARA_START_RE = re.compile(r"[ \t\xa0]*(?:¶|[0-9]{1,3}\.|[A-Z]\.[ \t\xa0]*\(|\()")


def _cables_own(line: str) -> bool:
    """Whether a line typed right under cable text is still the cable's: its signer (a lone
    word in capitals is one), a label, a cut line."""
    first = line.split(maxsplit=1)[0] if line else ""
    return (_signer_line(line) is not None or LABEL_RE.match(line) is not None
            or _OWN_LAST_LINE_RE.fullmatch(line) is not None
            or _LONE_NAME_RE.fullmatch(line) is not None and _is_name([line])  # a signer alone: "KURTZER", "Kurtzer"
            or not any(ch.isalpha() for ch in line)  # a CSV field's quote and comma
            or line[:1] == "<" and line[-1:] == ">"  # a mirror's closing tags
            or ("/" in first and "://" not in first)  # the rest of a link broken at the wrap
            or ("://" in first and ("sgov.gov" in first or "intelink" in first))  # the footer's own link
            or (_END_MARK_RE.match(line) is not None and ". " not in line))  # no sentence after the mark


# The end of a section, written out: "End Comment", "(End Text)", "END PRT COMMENT."
_END_MARK_RE = re.compile(r"\(?(?i:end)[ \t\xa0]+(?:[A-Za-z/]+[ \t\xa0]+){0,2}(?i:summary|comment|comments|note|text|key|points)\b")


_LONE_NAME_RE = re.compile(r"[A-Z]{2,20}|[A-Z][a-z'-]{3,20}")


# A line ending with a section's written-out end: "... END COMMENT", "End Summary."
_END_MARK_TAIL_RE = re.compile(r"(?i:\bend[ \t\xa0]+(?:summary|comment|note|text))[ \t\xa0]*[.)]?[ \t\xa0]*$")


# The TAGS codes of the tuning cables (``bench/tag_codes.py`` measures them): a line under a
# TAGS line goes on with the list when its words are codes, not when it is a user's words in
# capitals ("READ IT AND WEEP": one code of four).
_TAG_CODES = frozenset(resources.files(__package__).joinpath("tag_codes.txt").read_text(encoding="utf-8").split())
_WORD_RE = re.compile(r"[A-Z]+")


def _tag_codes(line: str) -> bool:
    """Whether most of the words of ``line`` are TAGS codes (a person tag's name may not be one)."""
    words = _WORD_RE.findall(line)
    return bool(words) and 2 * sum(w in _TAG_CODES for w in words) > len(words)


# A line ending in a TAGS list: "TAGS: PGOV PREL MARR GG CH JA" (codes in capitals only).
_TAGS_TAIL_RE = re.compile(r"(?:^|[ \t\xa0])TAGS?:?(?:[ \t\xa0,]+[A-Z]{2,6})+[ \t\xa0,]*$")


def _closes(prev: str, above: str, nxt: str) -> bool:
    """Whether the line ``prev`` (after ``above``, before ``nxt``) can be the last line of a cable's text."""
    ended = prev[-1:] in '.!?")\''
    if (not ended and nxt[:1].islower() and len(prev) <= 120 and _signer_line(prev) is None
            and ((t := _signer_tail(prev)) is None or not t["name"].isupper())):
        return False  # the sentence runs on: "... as of this date.  Post\nmay cite", a page break
    if len(prev) > 120:
        return True  # a paragraph on one line (flattened, the viewer's copy): it ends there
    if prev.endswith("---") or _signer_tail(prev) is not None or _signer_line(prev) is not None:
        return True  # a rule; a signer
    if strong(prev) and (_PARA_START_RE.match(prev) is None or ended):
        return True  # a redaction, a rule, a page break, a trailer; a one-line paragraph
    if prev[-1:] == ">" and prev[:1] == "<":
        return True  # a mirror's closing table tags
    if _TAGS_TAIL_RE.search(prev) is not None:
        return True  # a top cut short after its TAGS line (alone, or flattened into one line)
    if _END_MARK_TAIL_RE.search(prev) is not None:
        return True  # "... with the U.S. END COMMENT"
    if prev[-1:] not in '.!?")\'':
        return False
    # A sentence end: a paragraph's last line is shorter than the wrapped line above it (a
    # line that ends a sentence at the wrap width may go on), or follows a one-line paragraph.
    return len(above) > 120 or (40 <= len(above.rstrip(H)) <= 95 and len(prev) < len(above.rstrip(H)) - 4)


def _candidates(text: str, a: int, b: int) -> list[tuple[int, str, re.Match]]:
    """Trailer lines and signer lines / line tails of a block, in order: (pos, kind, match)."""
    found = []
    starts = [a] if text.find("\n", a, min(b, a + 101)) != -1 or b - a <= 100 else []
    starts += [m.end() for m in _SHORT_LINE_RE.finditer(text, a, b)]
    for ls in starts:
        le = text.find("\n", ls, b)
        le = b if le == -1 else le
        if (m := _TRAILER_RE.match(text, ls, le)) is not None:
            found.append((ls, "trailer", m))
        elif le - ls <= 48 and (m := _SIGNER_LINE_RE.match(text, ls, le)) is not None:
            found.append((ls, "line", m))
    # A trailer at the end of a flattened last line: "... cleared this cable. HOAGLAND NNNN".
    if text.find("NNNN", a, b) != -1 or text.find("Cable", a, b) != -1:  # literal first: fast
        found += [(m.start(), "trailer", m) for m in _TRAILER_TAIL_RE.finditer(text, a, b)]
    if found:
        found += [(m.start(), "tail", m) for m in _SIGNER_TAIL_M.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    else:
        found = [(m.start(), "tail", m) for m in _SIGNER_TAIL_M.finditer(text, a, b)]
    return found


def _signed_end(text: str, blocks, i: int, is_like, head_end: int) -> tuple[int, bool] | None:
    """Where block ``i`` ends the cable, after its signer or at a trailer: (end, is trailer)."""
    a, b = blocks[i]
    for pos, kind, m in _candidates(text, a, b):
        ls = text.rfind("\n", a, pos) + 1 or a
        le = text.find("\n", pos, b)
        le = b if le == -1 else le
        if kind == "trailer":
            return le, True
        if not _is_name(m["name"].replace("\xa0", " ").split()):
            continue
        rest = (le + 1, b) if le < b else None
        if kind == "tail":
            if le - ls <= 48 and _SIGNER_LINE_RE.match(text, ls, le) is not None:
                continue  # the whole line is a name: read as a line
            if rest and (not m["name"].isupper() or text[skip_h(text, rest[0])].islower()):
                continue  # mid-paragraph: only "... RICE" in capitals, and not inside a sentence
        elif not _after_sentence(text, a, ls, blocks, i, is_like) and not (m["name"].isupper() and (
                ls <= a or not text[rstrip_end(text, a, ls - 1) - 1].islower())
                and text[rstrip_end(text, ls, le) - 1] != "."):
            continue  # a name in capitals is a signer unless a sentence runs on into it ("THE\nMILITARY OPTION.")
        caps = kind == "tail" or m["name"].isupper()
        if pos < head_end and rest and LABEL_RE.match(text, rest[0], rest[1]) is not None:
            continue  # the top of a cable (a wrapped SUBJECT, an office line) runs on: no signer there
        if rest:
            if cable_like(text, *rest):
                continue
        elif i + 1 < len(blocks) and is_like(i + 1) and not _trailer_block(text, *blocks[i + 1]):
            continue
        if not caps and _more_cable(text, blocks, i + 1, 2, is_like):
            continue
        return rstrip_end(text, ls, le), False
    return None


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
        if is_like(j) and not _trailer_block(text, *blocks[j]):
            return True
    return False


def _trailer_block(text: str, a: int, b: int) -> bool:
    return b - a < 200 and all(_TRAILER_RE.match(text[x:y]) is not None for x, y in line_spans(text, a, b))


# A line of only dots, slashes, dashes or stars after the cable's last line ("/", ".", "- - -"):
# the cable's closing rule or a mirror's stray full stop; a user's line has words. (Only
# after the end: inside a body such a line is a heading's underline.)
# The telegram's own closing instruction too ("MINIMIZE CONSIDERED", maybe with the signer
# after it): it follows the signer or stands in its place, and no more cable text follows.
_RULE_ONLY_RE = re.compile(
    r"[ \t\xa0]*(?:[./*=_-](?:[ \t\xa0]*[./*=_-])*|MINIMIZE[ \t\xa0]+CONSIDERED\.?(?:[ \t\xa0]+[A-Z][A-Za-z'-]{2,})?)[ \t\xa0]*")


# A redaction alone on a line after the trailers ("NNNN / End Cable Text / XXXXXXXXXXXX"):
# the cable's, never a user's.
_REDACTION_LINE_RE = re.compile(r"[ \t\xa0]*X{6,}[ \t\xa0]*")


def _trailers_end(text: str, end: int, bound: int) -> int:
    """Extend ``end`` over the ``NNNN`` / ``End Cable Text`` lines that follow it (and a redaction)."""
    p = end
    while True:
        q = skip_ws(text, p, bound)
        if q >= bound:
            return end
        e = line_end(text, q)
        if e <= bound and (m := MIRROR_TRAILER_RE.match(text, q, bound)) is not None:
            e = m.end()  # what a mirror's page adds (mirrors.py), maybe two lines
        elif e > bound or (_TRAILER_RE.match(text, q, e) is None and _DOTS_RE.fullmatch(text, q, e) is None
                           and _REDACTION_LINE_RE.fullmatch(text, q, e) is None and _RULE_ONLY_RE.fullmatch(text, q, e) is None):
            return end
        end = p = rstrip_end(text, q, e)
