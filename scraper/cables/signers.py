"""Signers and trailers: the lines a pasted cable's body ends with.

Pure. A signer is a name line (``GARZA``, ``Leslie BASSETT``, ``KEEGAN PAAL``, ``Scobey``,
``van Voorst``) or a name at the end of the last text line (``... XXXXXXXXXXXX. RICE``); a
trailer is ``NNNN`` (any case), ``End Cable Text``, a partner's print or tag line; after the
end come the closing lines a cable may still have (a mirror's ellipsis, a rule of dots or
slashes, ``MINIMIZE CONSIDERED``, a redaction). ``ends.body_end`` asks these where a block
is signed; ``tails.user_tail_cut`` asks whether a line is the cable's own.
"""

from __future__ import annotations

import re
from importlib import resources

from .blocks import sentence_word
from .mirrors import MIRROR_TRAILER_RE
from .scan import first_chars
from .signer import NOT_SIGNERS
from .textspan import WS, line_end, line_spans, line_start, rstrip_end, skip_ws

# A mirror's ellipsis line after a cable's last line ("...").
_DOTS_RE = re.compile(r"[ \t\xa0]*(?:\.{2,}|…)[ \t\xa0]*")

# The debris where a published text breaks off after its last line: a stray capital with a
# quote mark, or either alone (' Y "'). No user's remark is one letter.
_STRAY_RE = re.compile(r"[ \t\xa0]*(?:[A-Z][ \t\xa0]*[\"'”]?|[\"'”])[ \t\xa0]*")


TRAILER_RE = re.compile(
    r"""
    [ \t\xa0]*(?: (?i:nnnn) | End[ \t\xa0]+Cable[ \t\xa0]+Text | Declassified/Released\b[^\n]*   # trailers (NNNN in any case: "Nnnn")
      | =+[ \t\xa0]*CABLE[ \t\xa0]+ENDS[ \t\xa0]*=+(?:[ \t\xa0]*"|)      # a mirror's end marker (a CSV field's closing quote after it)
      | "                                                    # the closing quote of a CSV body
      | Track[ \t\xa0]+impresi[oó]n:[^\n]*                   # El País's print trailer
      | [A-Z]{2,6}(?:[ \t\xa0,]+[A-Z]{2,6})*[ \t\xa0]+@[ \t\xa0]+[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]{1,30}   # a partner's tag line: "EPET @ EL PAÍS"
    )[ \t\xa0]*$
    """,
    re.VERBOSE,
)


# A signer alone on a line: GARZA, Leslie BASSETT, KEEGAN PAAL, Scobey, van Voorst, McMullen.
# (Speed: an optional group is written ``(?:X|)``, not ``(?:X)?``: the same matches, but ``re``
# runs a group's ``?`` as a general repeat, several times slower than a branch. And the
# letters of a name's words are possessive (``++``, ``{2,}+``): what may follow a word, a
# blank, a comma, a dot, a quote or the line's end, is never one of its letters, so a match
# never ends a word early, and ``re`` need not try each shorter word before failing on a
# line that is no name ("UNCLAS SECTION 01 OF 03 ..."). tests/test_block_speed.py checks it.)
SIGNER_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?:[A-Z][a-z]++[ \t\xa0]++|)                  # first name: Leslie
    (?P<name>
        (?:(?:van|von|de|del|der|da|di|du|la|le|al|el|bin)[ \t\xa0]+|)   # particle: van Voorst
        (?:[A-Z][A-Z'-]{2,}+|(?:Mc|Mac)[A-Z]{2,}+|(?:Mc|Mac|O'|)[A-Z][a-z]++(?:[A-Z][a-z]++|[-'][A-Z]?[a-z]++|))   # BASSETT, McGEE, Scobey, LeBaron
        (?:[ \t\xa0]+(?:[A-Z][A-Z'-]{2,}+|[A-Z][a-z]++)|)   # KEEGAN PAAL (of the tuning cables whose last line is in
                                                           # capitals, none ends on three words of a name: "WAKE UP PEOPLE" is none)
    )(?:,?[ \t\xa0]+(?:JR|SR|Jr|Sr|II|III|IV)\.?|)            # TIMKEN JR
    (?:[ \t\xa0]*(?<=[A-Z])[ \t\xa0]*\.{1,2}|)                  # "EASON .", "SUSMAN .." (capitals only)
    (?:[ \t\xa0]+0[ \t\xa0]+[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|)   # a mirror's "STEVENS 0 02/18/2008"
    (?: [ \t\xa0]*\\?"?$                                        # a CSV quote
      | [ \t\xa0]+(?:(?i:(?P=name))                               # the name again in the other case: "VAN VOORST van Voorst"
                                                                 # (a cable signed on two lines, "VAN VOORST" / "van Voorst", flattened)
        | (?<=[A-Z][ \t\xa0])(?:[A-Z]{1,2}|[0-9]{4}-[0-9]{2}-[0-9]{2})   # after a name in capitals, initials or the
                                                                 # date it was signed on: "FORD IC", "SOBEL 2008-01-08"
        | \.{3} | …)[ \t\xa0]*$ )                               # a mirror's ellipsis line run on: "CHICOLA ...", "Linehan ..."
    """,
    re.VERBOSE,
)


# A signer at the end of the last text line: "... XXXXXXXXXXXX. RICE", "... 2007.) Scobey".
# (Speed: the punctuation is written as single-character alternatives, not a class, so that
# every branch starts with a literal and ``re`` skips ahead to those characters when it scans
# a block; the same strings match. The name's letters are possessive, as in SIGNER_LINE_RE.)
_SIGNER_TAIL_RE = re.compile(
    r"""
    (?:\.|!|\?|\)|"|(?<=[.!?])'|”|\*|/|XXXX                     # after a sentence (a typographic quote too), a redaction, a rule, a link,
                                                                # (a single quote after a stop: "Workers' Party" is a plural's apostrophe)
      | TEXT|Text|POINTS|Points|COMMENT|Comment                  # a section's end mark: "End Talking Points CLINTON", "End Comment MATHIEU", "END COMMENT CURRAN"
      | OF[ \t\xa0][0-9]{3})[ \t\xa0]{1,3}                        # a page break's header run on: "BEIJING 00000125 003 OF 003 RANDT"
    (?P<name>[A-Z][A-Z'-]{2,}+(?:[ \t\xa0]+[A-Z][A-Z'-]{2,}+|)|(?:Mc|Mac|)[A-Z][a-z]{2,}+|(?:Mc|Mac)[A-Z]{2,}+)   # RICE, Scobey, McGEE
    # What the corpus's own copies leave after a signer run onto the last line (as after a
    # signer line, ``SIGNER_LINE_RE``), then maybe a CSV field's end:
    (?: [ \t\xa0]+(?i:(?P=name))(?<=[a-z])                      # the name again as typed: "SCOBEY Scobey"
      | (?<=[A-Z])[ \t\xa0]*(?P<dots>\.{1,2})                   # "STEPHENS.", "OLSON.." (capitals only; ``tail_ok``)
      | [ \t\xa0]+0[ \t\xa0]+[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}     # a mirror's "STEVENS 0 02/12/2008"
      |)
    (?:[ \t\xa0]+\\?"|[ \t\xa0]+\\|)                            # a CSV body's last quote or backslash: 'THORNE "', 'BROWNFIELD \'
    [ \t\xa0]*$
    """,
    re.VERBOSE,
)


# The same, in two rarer forms, looked for only in a block holding " van " or " JR": a name
# with its particle in lower case, "... End comment. van Voorst", and a name in capitals with
# a suffix, "... this message. TIMKEN JR" (a signer's line flattened onto the last paragraph).
_RARE_TAIL_RE = re.compile(
    r"(?<=[.!?)\"'])[ \t\xa0]{1,3}(?P<name>van[ \t\xa0]+[A-Z][A-Za-z'-]{2,}|[A-Z][A-Z'-]{2,}[ \t\xa0]+JR)\.?[ \t\xa0]*$", re.MULTILINE)


# The signer run onto the cable's footer line, as a flattened copy joins them: "Please visit
# Paris' Classified Website at: http://www.state.sgov.gov/p/eur/paris/index.c fm STAPLETON",
# "... Classified Website: XXXXXXXXXXXX Kingdom LeBaron" (the footer's link, broken at the
# wrap, may hold a space: the name is the line's last word, after a space). Looked for only in
# a block holding "lassified W" (any case of its W). (Speed: "[Vv]" first, the only two
# characters "(?i:v)" matches: ``re`` then skips to them, not trying the pattern everywhere.)
_FOOTER_TAIL_RE = re.compile(
    r"""[Vv](?i:isit)[^\n]{0,80}?(?i:classified)[ \t\xa0]*(?i:web)[^\n]*?[ \t\xa0]
    (?P<name>[A-Z][A-Z'-]{2,}|(?:Mc|Mac|Le|De|)[A-Z][a-z]{2,}|(?:Mc|Mac)[A-Z]{2,})[ \t\xa0]*"?[ \t\xa0]*$""",
    re.VERBOSE | re.MULTILINE,
)


_NOT_NAMES = NOT_SIGNERS | frozenset(
    "SUMMARY COMMENT COMMENTS BACKGROUND INTRODUCTION CONCLUSION NOTE END ACTION REQUEST REFTEL "
    "PARTICIPANTS SUBJECT TAGS DECL EXDIS NODIS LIMDIS STADIS ROGER MINIMIZE CONSIDERED "
    "Summary Comment Comments Background Introduction Conclusion Note End Action Participants Text "
    "Overview Analysis Outlook Recommendation Recommendations Discussion Scenesetter Bio Bios "
    "Thanks Bump Bookmarked Wow Indeed Yes No Agreed Source Sources Update Edit "
    # words that start a sentence, never a signer: "... continue. The\nEmbassy will"
    "The This That These Those There Their They He She We It Its Our His Her Post Embassy Mission "
    "In On At For But And If As When While After Before During Since Although However "
    # the words of a questionnaire's labels, wrapped to a line's end: "... into force. Question\n\n5): Are ..."
    "Question Questions Answer Response".split()
)


# Line starts of the short lines (a signer or a trailer is one); a literal "\n" first is fast.
_SHORT_LINE_RE = re.compile(r"\n(?=[^\n]{1,100}(?:\n|$))")


# (The NNNN may have a mirror's old-style ID line run on after it: "... HALL NNNN 2004ROME02926 -
# Classification: CONFIDENTIAL", which ``trailers_end`` reads as a mirror's trailer.)
_TRAILER_TAIL_RE = re.compile(
    r"(?<=[^\n])[ \t\xa0](?:NNNN|End[ \t\xa0]+Cable[ \t\xa0]+Text)(?=[ \t\xa0]*$|[ \t\xa0]+[0-9]{4}[A-Z]{3,20}[0-9]{4,6}[ \t\xa0]+-[ \t\xa0])", re.MULTILINE)


_SIGNER_TAIL_M = re.compile(_SIGNER_TAIL_RE.pattern, re.VERBOSE | re.MULTILINE)


# The words the cables use only as common words, never as a name (``bench/common_words.py``
# measures them over the tuning part): "UNBELIEVABLE" under a signer is a user's shout.
_COMMON_WORDS = frozenset(resources.files(__package__).joinpath("common_words.txt").read_text(encoding="utf-8").split())


def common_words_only(line: str) -> bool:
    """Whether the words of ``line`` are all words the cables use only as common words
    (``common_words.txt``), so that it names nobody ("UNBELIEVABLE", "TYPICAL")."""
    words = re.findall(r"[A-Za-z']+", line)
    return bool(words) and all(w.lower() in _COMMON_WORDS for w in words)


def is_name(words: list[str]) -> bool:
    """Whether the words of a signer-like line can be a name: no word of a cable's closing
    line or label (``NOT_SIGNERS``), and not only words the cables use as common words
    (``common_words_only``): a user's shout under a paste ("UNBELIEVABLE", "SHOCKING") names
    nobody, whether it stands under the cable's signer or where a signer would stand. Nor does
    a word in mixed case the cables capitalise only to start a sentence (``blocks.sentence_word``:
    "... ill indigenous families.  Over" / "20 individuals ..." is a sentence begun at the wrap):
    over the tuning part's bodies, 1,009 of the 4,616 lines a signer tail matched ended on
    one, none of them a body's last line."""
    words = [w for w in words if not set(w) <= {"X"}]  # a redaction before the name: "XXXXXXXXXXXX MOLLER"
    return (bool(words) and not any(w in _NOT_NAMES or w.upper() in NOT_SIGNERS for w in words)
            and not common_words_only(" ".join(words))
            and not any(w[1:].islower() and sentence_word(w) for w in words))


def signer_line(line: str) -> re.Match | None:
    """A signer alone on ``line`` (GARZA, Leslie BASSETT, Scobey), or None."""
    if len(line) > 48 or (m := SIGNER_LINE_RE.match(line)) is None:
        return None
    return m if is_name(name_words(m)) else None


def name_words(m: re.Match) -> list[str]:
    """The words of a signer line's match, its first name too ("End Talking Points" is no name)."""
    return m.string[m.start() : m.end("name")].replace("\xa0", " ").split()


def signer_tail(line: str) -> re.Match | None:
    """A signer at the end of ``line`` after a sentence ("... XXXXXXXXXXXX. RICE"), or None."""
    if (m := _SIGNER_TAIL_RE.search(line, max(0, len(line) - 60))) is None or not tail_ok(line, m):
        return None
    return m if is_name(m["name"].split()) else None


def tail_ok(text: str, m: re.Match) -> bool:
    """Whether a tail match with a full stop after the name ("... this message. STEPHENS.")
    follows a sentence in mixed case: in a cable written in capitals, "... POINTS FOR USE."
    is its own sentence's last words, not a signer."""
    return "dots" not in m.re.groupindex or m["dots"] is None or (m.start() > 0 and text[m.start() - 1].islower())


# What a trailer line or a signer line can start with (``scan.first_chars``: a superset, read
# from the patterns). (Speed: most short lines of a cable's text start with a lowercase word,
# a digit or a "(", which neither pattern can match; the set test skips both calls there.
# Neither pattern matches an empty string, so a line whose first character is outside the set,
# or an empty line, matches neither.)
_LINE_FIRST = (first_chars(TRAILER_RE) or frozenset()) | (first_chars(SIGNER_LINE_RE) or frozenset())
_ANY_FIRST = first_chars(TRAILER_RE) is None or first_chars(SIGNER_LINE_RE) is None  # then no gate
# The short lines' starts that pass that gate, found by the scan itself (speed: a line that
# starts otherwise costs one character test in ``re``, not a turn of candidates' loop).
_GATED_SHORT_LINE_RE = _SHORT_LINE_RE if _ANY_FIRST else re.compile(
    r"\n(?=[" + "".join(map(re.escape, sorted(_LINE_FIRST))) + r"])" + _SHORT_LINE_RE.pattern[2:])


# The characters a TRAILER_RE line can start with, but for its partner's tag line (capitals,
# then " @ "): the blanks before a trailer, "nnnn" in any case, "End", "Declassified", "=", a quote, "Track".
_TRAILER_START = frozenset(' \t\xa0nNED="T')


def candidates(text: str, a: int, b: int) -> list[tuple[int, str, re.Match]]:
    """Trailer lines and signer lines / line tails of a block, in order: (pos, kind, match)."""
    found = []
    starts = [a] if text.find("\n", a, min(b, a + 101)) != -1 or b - a <= 100 else []
    starts += [m.end() for m in _GATED_SHORT_LINE_RE.finditer(text, a, b)]
    for ls in starts:
        if not _ANY_FIRST and (ls >= b or text[ls] not in _LINE_FIRST):
            continue
        le = text.find("\n", ls, b)
        le = b if le == -1 else le
        # (Speed: TRAILER_RE is asked only where a trailer can start, ``_TRAILER_START``, or a
        # partner's tag line holds its "@": a line of capitals costs that regex's tag-line
        # branch many tries, and most such lines are a signer's or a heading.)
        if ((text[ls : ls + 1] in _TRAILER_START or text.find("@", ls, le) != -1)
                and (m := TRAILER_RE.match(text, ls, le)) is not None):
            found.append((ls, "trailer", m))
        elif le - ls <= 48 and (m := SIGNER_LINE_RE.match(text, ls, le)) is not None:
            found.append((ls, "line", m))
    # A trailer at the end of a flattened last line: "... cleared this cable. HOAGLAND NNNN".
    if text.find("NNNN", a, b) != -1 or text.find("Cable", a, b) != -1:  # literal first: fast
        found += [(m.start(), "trailer", m) for m in _TRAILER_TAIL_RE.finditer(text, a, b)]
    if found:
        found += [(m.start(), "tail", m) for m in _SIGNER_TAIL_M.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    else:
        found = [(m.start(), "tail", m) for m in _SIGNER_TAIL_M.finditer(text, a, b)]
    if text.find(" van ", (z := max(a, b - 60)), b) != -1 or text.find(" JR", z, b) != -1:  # literal first, at the block end: fast
        found += [(m.start(), "tail", m) for m in _RARE_TAIL_RE.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    if text.find("lassified W", a, b) != -1 or text.find("lassified w", a, b) != -1:  # literal first: fast
        found += [(m.start("name"), "tail", m) for m in _FOOTER_TAIL_RE.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    return found


def footer_tail(m: re.Match) -> bool:
    """Whether a tail match of ``candidates`` is a signer run onto the footer line ("Please
    visit ... Classified Website at: ... STAPLETON"): the cable's very last line."""
    return m.re is _FOOTER_TAIL_RE


def trailer_block(text: str, a: int, b: int) -> bool:
    if b - a >= 200:
        return False
    # (Speed: the first line is a trailer only when it starts as one of TRAILER_RE's branches
    # does, or holds the "@" of a tag line; most short blocks, a heading or a name, fail here
    # without reading their lines. tests/test_block_speed.py checks it against the plain test.)
    if a < b and text[a] not in _TRAILER_START and text.find("@", a, b) == -1:
        return False
    return all(TRAILER_RE.match(text[x:y]) is not None for x, y in line_spans(text, a, b))


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


# A classification banner alone on a line: an old copy prints it at the foot of each page,
# so right under the cable's last line (no blank line between) it is the cable's last page's
# foot; a user's line under a paste is a sentence ("SECRET deals, as usual").
_BANNER_LINE_RE = re.compile(r"[ \t\xa0]*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?:[ ]?//[ ]?[A-Z][A-Z /]{1,40}|)[ \t\xa0]*")


# A mirror's listing row after the signer: "0 12/01/2009 10529 KNNP,MNUC,PARM ... SUBJECT".
_LISTING_TAGS_RE = re.compile(r"/[0-9]{4}[ \t\xa0]+[0-9]{1,6}[ \t\xa0]+[A-Z]{2,}(?:,[A-Z]{2,})+")


def _abstract_end(text: str, row: int, e: int, bound: int) -> int:
    """The end of the abstract a mirror's listing prints under a cable's row (``e``: the row's
    end): the lines under it (a blank line after the row allowed) that repeat the cable's own
    text after a paragraph's number or label ("1.(SBU) SUMMARY: A neutron alarm ..." printed
    as "A neutron alarm ..."). A user's words typed under the row are his own, even when he
    wrote the same words above the paste (they start a line there, not a paragraph's text)."""
    first = True
    while e < bound and text[e] == "\n":
        ls = skip_ws(text, e + 1, bound)
        if text.count("\n", e, ls) > (2 if first else 1):
            return e  # a blank line inside: the abstract has ended
        le = rstrip_end(text, ls, min(line_end(text, ls), bound))
        head = text[ls : min(le, ls + 50)]
        found = text.rfind(head, max(0, row - 60000), row) if len(head) >= 20 else -1
        if found <= 0 or text[found - 1] == "\n":
            return e
        e, first = le, False
    return e


# A line a mirror cut short, marked with its ellipsis, right under the cable's last line (no
# blank line between): the copy's last words, stored truncated ("Brownfield" / "HAVEZ...",
# the rest of a title; a cut page header "... 001.2 OF 0..."), or the signer itself cut so,
# a name and two stops ("Susman.."). No lowercase word: a user's line typed under a paste is
# a sentence ("Wow...", "and so it goes...").
_CUT_LINE_RE = re.compile(r"[ \t\xa0]*(?:[A-Z0-9-][A-Z0-9 ,.'&/:;()-]{0,120}?(?:\.{3}|…)|(?P<name>[A-Z][a-z]{2,20})\.\.)[ \t\xa0]*")


# A mail system's print stamp under the telegram's trailer: the name of whoever printed the
# copy, the date and the time to the second ("Zenaida X Toledo 07/30/2008 04:04:14 PM From
# DB/Inbox: TRANS"). Only after an ``End Cable Text`` / ``NNNN`` line: a user does not type a
# clock to the second, and nothing of his follows a trailer on its line.
_PRINT_STAMP_RE = re.compile(
    r"[ \t\xa0]*[A-Z][^\n]{0,60}?[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}[ \t\xa0]+[0-9]{1,2}:[0-9]{2}:[0-9]{2}[ \t\xa0]*(?:AM|PM)\b[^\n]{0,100}")


# A page's header line, the cable's own station and eight-digit serial and the page count
# ("TRIPOLI 00000430  001.2 OF 004", maybe cut: "... 001.2 OF 0..."): after the cable's last
# line it is the next page's, where the copy stopped (3 tuning bodies end so); a user types
# no serial padded to eight digits.
_PAGE_HEAD_RE = re.compile(r"[A-Z][A-Z .'-]{1,30}[ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[0-9])?[ \t\xa0]+OF[ \t\xa0]+[0-9]{0,3}(?:\.{3}|…|)[ \t\xa0]*")


def _cut_line(text: str, q: int, e: int) -> bool:
    """Whether ``text[q:e]`` is a line a mirror cut short (``_CUT_LINE_RE``)."""
    m = _CUT_LINE_RE.fullmatch(text, q, e)
    return m is not None and (m["name"] is None or is_name([m["name"]]))


def _same_name_again(text: str, end: int, q: int, e: int) -> bool:
    """Whether the line ``text[q:e]`` repeats the name line ending at ``end`` in another case:
    a cable signed "VAN VOORST" / "van Voorst" (the signer's name, then as typed); or in the
    same case right under it (no blank line between): the viewer prints the signer twice,
    "RICE" / "RICE" (a user's line under a paste is no bare repeat of its signer)."""
    if e - q > 40 or not text[q : q + 1].isalpha():
        return False
    ls = text.rfind("\n", 0, end) + 1
    name, again = text[ls:end].strip(WS), text[q:e].strip(WS)
    if name == again and text.count("\n", end, q) != 1:
        return False
    return name.lower() == again.lower() and signer_line(name) is not None


def ends_signed(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` ends on a signer's line in capitals under its text
    ("... and Costa Rican universities." / "BRENNAN"): the cable's text ends there."""
    ls = text.rfind("\n", a, b) + 1
    if ls <= a:
        return False
    line = text[ls:b].strip(WS)
    return line.isupper() and signer_line(line) is not None


# The telegram's own end mark, last on a block's last line, alone or run on after its text
# ("MANZANARES" / "NNNN", "... cleared this cable. HOAGLAND NNNN"): the message ends there.
_END_MARK_RE = re.compile(
    r"(?:^|[ \t\xa0])(?:(?i:nnnn)|End[ \t\xa0]+Cable[ \t\xa0]+Text|=+[ \t\xa0]*CABLE[ \t\xa0]+ENDS[ \t\xa0]*=+)[ \t\xa0]*$")


def ends_message(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` ends on the telegram's end mark (``NNNN`` in any case,
    ``End Cable Text``, a mirror's ``===CABLE ENDS===``): what follows it is no more of the
    cable, however much it looks like cable text (a user's "-- ..." line under the cable).
    (Over the tuning part's bodies, 192 hold an end mark; in 22 some text follows it, and
    there it is the mirror's lines the trailers and mirror rules take, or a second telegram
    that the next cable's own start reads as one.)"""
    e = rstrip_end(text, a, b)
    if e - a < 4 or text[e - 1] not in "NnTt=":
        return False  # (speed: the mark's last letter first; most blocks end on a stop or a name)
    ls = text.rfind("\n", a, e) + 1 or a
    return _END_MARK_RE.search(text[ls:e]) is not None


# The telegram's end mark first on a line, alone or with a mirror's ID line run on after it
# ("NNNN", "NNNN 2003ROME05149 - Classification: CONFIDENTIAL").
_END_MARK_LINE_RE = re.compile(r"[ \t\xa0]*(?:(?i:nnnn)|End[ \t\xa0]+Cable[ \t\xa0]+Text|=+[ \t\xa0]*CABLE[ \t\xa0]+ENDS[ \t\xa0]*=+)(?=[ \t\xa0]|$)")


def opens_with_end_mark(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` opens with the telegram's end mark on a line of its
    own or with the mirror's ID line after it: the cable above it ended on its last line (its
    signer), and a user's line typed right under the mark is his."""
    if a >= b or text[a] not in "NnE= \t\xa0":
        return False  # (speed: the mark's first letter first)
    e = line_end(text, a)
    if e > b or _END_MARK_LINE_RE.match(text, a, e) is None:
        return False
    if TRAILER_RE.match(text[a:e]) is not None:
        return True
    m = MIRROR_TRAILER_RE.match(text, a, e)
    return m is not None and m.end() >= rstrip_end(text, a, e)


# The classified website's footer ("Visit Amman's Classified Website at"), the cable's last
# words but for its signer.
_SITE_FOOTER_RE = re.compile(r"(?i)\bvisit[^\n]{0,80}?classified[ \t\xa0]+web")


def signs_after_footer(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` ends on a signer's line under the classified website's
    footer, in its block or a few lines above ("Visit Amman's Classified Website at" /
    "http://..." / "Beecroft"): the message ended there, whatever follows (a user's "... as it
    came off the site:" over his "--" line). (Over the tuning part's 559 bodies with that
    footer, what follows it is more of the footer, a rule, a page break, the signer and a
    mirror's listing row: never more of the cable's text.)"""
    ls = text.rfind("\n", a, b) + 1 or a
    if signer_line(text[ls:b].strip(WS)) is None:
        return False
    p = max(0, ls - 400)
    if text.find("lassified", p, ls) == -1:
        return False  # (literal first: fast)
    return _SITE_FOOTER_RE.search(text, p, ls) is not None


def trailers_end(text: str, end: int, bound: int) -> int:
    """Extend ``end`` over the ``NNNN`` / ``End Cable Text`` lines that follow it (and a redaction)."""
    ls = text.rfind("\n", 0, end) + 1
    # (The row's last line, or the subject printed on the line under it.)
    for row in (ls, text.rfind("\n", 0, ls - 1) + 1) if ls > 0 else (ls,):
        if text.find("/", row, end) != -1 and _LISTING_TAGS_RE.search(text, row, end) is not None and MIRROR_TRAILER_RE.match(text, row, end):
            end = _abstract_end(text, row, end, bound)  # the body was read up to a listing's row: its abstract may follow
            break
    p = end
    while True:
        q = skip_ws(text, p, bound)
        if q >= bound:
            return end
        e = line_end(text, q)
        if e <= bound and (m := MIRROR_TRAILER_RE.match(text, q, bound)) is not None:
            e = m.end()  # what a mirror's page adds (mirrors.py), maybe two lines
            if _LISTING_TAGS_RE.search(text, q, e) is not None:
                e = _abstract_end(text, q, e, bound)  # a listing's row: its abstract of the cable may follow
        elif e <= bound and _BANNER_LINE_RE.fullmatch(text, q, e) is not None and text.count("\n", p, q) == 1:
            pass  # the page's classification banner printed right under the last line ("PATTERSON" / "SECRET")
        elif e <= bound and text.count("\n", p, q) == 1 and text[rstrip_end(text, q, e) - 1] in ".…" and _cut_line(text, q, e):
            pass  # the copy cut short right under its last line ("Brownfield" / "HAVEZ...")
        elif e <= bound and text[q : q + 1].isupper() and _PAGE_HEAD_RE.fullmatch(text, q, e) is not None:
            pass  # the next page's header, where the copy stops ("DUSHANBE 00000575  001.2 OF 0...")
        elif (e <= bound and text[q : q + 1].isupper() and TRAILER_RE.match(text, line_start(text, p), p) is not None
              and _PRINT_STAMP_RE.fullmatch(text, q, e) is not None):
            pass  # a mail system's print stamp under the trailer ("End Cable Text" / "Name 07/30/2008 04:04:14 PM ...")
        elif e > bound or (TRAILER_RE.match(text, q, e) is None and _DOTS_RE.fullmatch(text, q, e) is None
                           and _REDACTION_LINE_RE.fullmatch(text, q, e) is None and _RULE_ONLY_RE.fullmatch(text, q, e) is None
                           and (e - q > 8 or _STRAY_RE.fullmatch(text, q, e) is None)
                           and not _same_name_again(text, end, q, e)):
            return end
        end = p = rstrip_end(text, q, e)


def signed_under(text: str, a: int, end: int, under: str) -> bool:
    """Whether the name line ``under``, typed right under the signer ending at ``end`` (in
    the block from ``a``), is no later signer but a user's word: the signer stands as a
    cable's own signature, a name in capitals alone on its line ("POWELL") or run onto the
    last line after a sentence in mixed case ("... Consulate Rio. DANILOVICH"), the line
    above it (if any) no line of a letter's or a list's sign-off (it ends a sentence or a
    link, or is long); ``under`` is one line and names none of its words again (a letter's
    "Ambassador Peter R. Coneway" over the cable's "CONEWAY"). A cable is signed once:
    "POWELL" / "DISGRACEFUL" is the user's word under it. (Over the tuning part's 1,787
    bodies with a signer, a word in capitals typed right under it was read as the cable's
    in 1,110; now in 205, most of them signed in mixed case ("Sobel"), as a quoted letter's
    signature is too, so left as they were. After a blank line the word is left the cable's:
    none of the tuning bodies ends so, but taking it for a user's there cost held-out posts,
    in aggregate.)"""
    if "\n" in under.strip(WS):
        return False  # (more than one line under it: a letter's title over the signer)
    ls = text.rfind("\n", a, end) + 1 or a
    line = text[ls:end].strip(WS)
    words = {w.strip(".,").upper() for w in line.split()}
    if any(w.strip(".,\\\"").upper() in words for w in under.split()):
        return False
    if (m := signer_line(line)) is None:
        return (m := signer_tail(line)) is not None and m["name"].isupper() and line != line.upper()  # (in a cable in
        # capitals, a sentence's last word after a stop may read as a tail: "... AS FOLLOWS. BEGIN")
    if not m["name"].isupper():
        return False  # (a letter's signature in mixed case, "Tania Lopez", may stand over the cable's signer)
    if ls <= a:
        return True
    pe = rstrip_end(text, a, ls - 1)
    above = text[text.rfind("\n", a, pe) + 1 or a : pe].strip(WS)
    return not above or len(above) > 60 or above[-1] in '.!?)"\'/:' or "://" in above
