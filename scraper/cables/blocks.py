"""What a block of lines is: cable text, the top of a cable, or a user's words.

Blocks are runs of non-blank lines. These tests are what ``ends.body_end`` reads a body
with: strong cable lines (numbered, portion-marked paragraphs, rules, redactions,
trailers), section labels of a cable's top, hard-wrapped lines, and the short remarks
and link lines that are a user's and end any cable before them.
"""

from __future__ import annotations

import re
from importlib import resources

from .ids import ID_MENTION_RE
from .paragraphs import page_breaks
from .scan import first_chars
from .textspan import H, WS, line_spans, rstrip_end


# --- what a block of lines is -------------------------------------------------------------
_MARKINGS = r"(?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|TS|[A-Z]{1,12}[ \t\xa0]*--[ \t\xa0]*[A-Z ]{3,30})"


# A block that is certainly cable text, whatever its length.
# (Speed: every branch starts with a character or a set of them, not a repeat or a group:
# ``re`` skips such a branch on one character test where the line cannot start it, and
# enters every other. So "-{3,}" is written "----*", "[0-9]{1,3}" "[0-9][0-9]{0,2}", and an
# optional lead ("(?:-{3,}|...|)", "\(?") as one branch with it and one without: the same
# lines match. tests/test_block_speed.py checks it against the pattern as it was.)
_VISIT = r"""(?:[Vv]isit|Please[ \t\xa0]+visit)[ \t\xa0][^\n]{0,60}(?:Classified|sgov\.gov)"""
_STRONG_RE = re.compile(
    rf"""
    [ \t\xa0]*(?:\[code\]|)(?:
        ¶[ \t\xa0]*[0-9A-Za-z]{{1,4}}\.?                         # ¶1. ¶B. (the viewer's pilcrow)
      | [0-9][0-9]{{0,2}}[.)]?[ \t\xa0]*\({_MARKINGS}\)          # 1. (C)  1.(SBU)  7) (SBU)
      | [A-Z]\.[ \t\xa0]*\({_MARKINGS}\)                         # A. (C)
      | \({_MARKINGS}\)[ \t\xa0]+[A-Z][^\n]{{70}}                # (C) Text ... (a long paragraph)
      | ----*(?:\.\.\.?|…|)[ \t\xa0]*(?:\n|$) | \*\*\*\*\*\** | ======*   # dashes under a heading, a rule (maybe cut
                                # short by a mirror's ellipsis, the copy's last line: "SUMMARY" / "-----...")
      | -[ \t\xa0](?:-[ \t\xa0]){{4,}}                           # spaced dashes: "- - - - - -"
      | ------*[ \t\xa0]*header[ \t\xa0]+ends                   # a mirror's header marker
      | XXXXXXX*                                                 # redaction
      | DE[ \t\xa0]+[A-Z]{{4,6}}[ \t\xa0]+\#[0-9]{{3,4}} | ZN[YR][ \t\xa0]+[A-Z]{{5}}\b   # routing lines: "DE RUEHSW #1867/01", "ZNY SSSSS ZZH"
      | //[A-Z][A-Z0-9 ,.'&/-]{{2,60}}//[ \t\xa0]*(?:\n|$)               # a heading between slashes: //YOUR MEETINGS//
      | ----*[ \t\xa0]*[“"]?{_VISIT} | \*\*\*\**[ \t\xa0]*[“"]?{_VISIT}   # footer, maybe flattened onto its rule: the
      | [“"]{_VISIT} | [Vv]isit[ \t\xa0][^\n]{{0,60}}(?:Classified|sgov\.gov)   # post's classified website (its address
      | Please[ \t\xa0]+visit[ \t\xa0][^\n]{{0,60}}(?:Classified|sgov\.gov)     # is on State's closed network: no user links to it)
      | NNNN[ \t\xa0]*(?:\n|$) | End[ \t\xa0]+Cable[ \t\xa0]+Text[ \t\xa0]*(?:\n|$) | Declassified/Released   # trailers
      | \((?i:END[ \t\xa0]+(?:SUMMARY|COMMENT|TEXT|NOTE))\b[^A-Za-z\n]{{0,3}}(?:\n|$)   # alone on a line, any case: "End text."
      | [Ee](?i:ND[ \t\xa0]+(?:SUMMARY|COMMENT|TEXT|NOTE))\b[^A-Za-z\n]{{0,3}}(?:\n|$)   # ("(?i:e)" matches "E" and "e" only)
      | [Ee](?i:ND[ \t\xa0]+(?:OF[ \t\xa0]+)?(?:[A-Z/-]+[ \t\xa0]+){{0,2}}(?:TEXT|POINTS|NON-?PAPER|TRANSLATION|APPENDIX|QUOTE|LETTER|STATEMENT|SUBMISSION|RELEASE|REMARKS)(?:[ \t\xa0]+OF[ \t\xa0]+[^\n]{{1,50}})?)[ \t\xa0]*[.)]{{0,2}}[ \t\xa0]*(?:\n|$)   # the end of a quoted text, any case: "End text of submission.", "END TALKING POINTS"
    )
    """,
    re.VERBOSE,
)
# A page break, any case ("MEXICO 00000023  002 OF 003"): strong too, apart from the rest
# because it is the one costly branch (a name of letters and spaces tried back to its
# digits) and can be ruled out at once where the line does not end in a digit.
_PAGE_BREAK_LINE_RE = re.compile(
    r"[ \t\xa0]*(?:\[code\]|)[A-Za-z][A-Za-z .'-]{1,30}[ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[ ]?[0-9])?[ \t\xa0]+(?i:of)[ \t\xa0]+[0-9]{3}[ \t\xa0]*(?:\n|$)")
_DIGITS = frozenset("0123456789")


# The section labels of a cable's top, as a line starts with them. A label followed by a
# lowercase word is a sentence ("REF my earlier post", "SUBJECT says it all", "SIPDIS
# said ..." in a paragraph): over the corpus, REF then a lowercase word (other than a
# list letter "a.") is a label in 1 of about 20 lines.
_LABELS = r"""
        (?i:REF(?:S|TEL|TELS|\(S\))?)(?![A-Za-z])[ \t\xa0]*[:.]?[ \t\xa0]*(?:[A-Za-z][.):]|[A-Z]{2}|[(¶0-9]   # REF: A. STATE 1
          | [A-Z][a-z]+(?:[ \t\xa0][A-Z][a-z]+){0,2}[ \t\xa0]+[0-9])   # a station in mixed case and its serial: "REF: Buenos Aires 0118"
      | (?i:PROGRAM[ \t\xa0]+REF)
      | (?i:Classified[ \t\xa0]+By)[ \t\xa0]*(?::(?![ \t\xa0]*[a-z](?:(?!(?i:reason))[^\n])*(?:\n|$))|[A-Z])   # Classified By: / by DCM
                                  # (not a sentence: a lowercase word after the colon and no "reason" on the line, as 0
                                  # of the tuning part's 2,655 such lines read, is a user's: "CLASSIFIED BY: the people ...")
      | (?i:E\.?[ \t\xa0]?O\.?[ \t\xa0]*1[0-9]{4})                   # authority, E.O.
      | (?i:TAGS?|TAS|AGS)(?:[ \t\xa0]*:|[ \t\xa0]+[A-Z]{2})            # TAGS: PREL, TAGS PREL
      | SUBJ(?:ECT)?(?:[ \t\xa0]*:|[ \t\xa0]+[A-Z]{2})
      | (?:SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS)(?![ \t\xa0,]+[a-z])
"""
# (A label glossed with "=" is a user's: "SIPDIS = SIPRNet distribution"; none of the tuning
# part's 25,481 label lines has an "=" after its first word or two.)
_GLOSS = r"(?![^\S\n]*\S+(?:[^\S\n]+\S+)?[^\S\n]+=[^\S\n])"
LABEL_RE = re.compile(rf"[ \t\xa0]*{_GLOSS}(?:{_LABELS})", re.VERBOSE)


# The top's own lines: a section label or an office line ("DEPT FOR EUR/NB", "PASS TO USTR").
_OFFICES = r"(?:DEPT|STATE|USDOC|USTR|PASS|FOR|TREASURY|COMMERCE|DHS|DOJ|NSC|OSD|JCS)[ \t\xa0]+[A-Z/]"
TOP_LABEL_RE = re.compile(rf"[ \t\xa0]*{_GLOSS}(?:{_LABELS} | {_OFFICES})", re.VERBOSE)


# Only at the top of a body (before its first numbered paragraph): section labels.
HEAD_RE = re.compile(
    rf"""
    [ \t\xa0]*{_GLOSS}(?:{_LABELS}
      | (?:DEPT|STATE|USDOC|USTR|PASS|FOR|TREASURY|COMMERCE|DHS|DOJ|NSC|OSD|JCS)[ \t\xa0]+[A-Z/]
      | [A-Z][A-Z .,/&'-]{{3,}}(?:\n|$)                            # a line in capitals (wrapped SUBJECT)
    )
    """,
    re.VERBOSE,
)


# The first numbered paragraph of a body: its top (SUBJECT, REF ...) ends there.
# (Speed: the lookahead after the newline holds what the rest can start with, so a line that
# starts otherwise fails before the blanks' repeat, and "[0-9]{1,2}" is written "[0-9][0-9]?"
# so that ``re`` skips that branch on one test; tests/test_block_speed.py checks it.)
FIRST_PARA_RE = re.compile(r"\n(?=[ \t\xa0¶0-9])[ \t\xa0]*(?:¶[ \t\xa0]*[0-9]{1,3}\.|[0-9][0-9]?\.[ \t\xa0]*\()")


# A numbered, portion-marked paragraph inside a line ("... ---- ¶12. (C) Asking", "reasons
# 1.4 (b/d).  1. (C) Echoing"): users name markings but do not number them so.
_INLINE_PARA_RE = re.compile(rf"(?:¶[ \t\xa0]*[0-9]{{1,3}}\.|(?<![0-9.])[0-9]{{1,2}}\.)[ \t\xa0]*\({_MARKINGS}\)")


# Paragraph-like starts that are cable text only in a long block (users number points too).
MEDIUM_RE = re.compile(r"[ \t\xa0]*(?:[0-9]{1,2}\.(?:[ \t\xa0]+[A-Z(]|[A-Z][a-z])|[A-Z]\.[0-9]{1,2}\.[ \t\xa0]|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.[ \t\xa0]+[A-Z]|\([A-Z/]{1,6}\)[ \t\xa0]|-{1,2}[ \t\xa0]*[A-Z(]|[A-Z]\)[ \t\xa0]|\([a-z0-9]\)[ \t\xa0])")


# The blank lines between blocks (a literal "\n" first, so the scan is fast and linear).
# (Speed: the first blank line written out, ``X+`` as ``XX*``: at a line that is not blank the
# scan fails on its own characters and never enters the group's repeat, which ``re`` runs slowly.)
BLANK_RUN_RE = re.compile(r"\n[ \t\xa0\r]*\n(?:[ \t\xa0\r]*\n)*")
# A line holding only a literal "<br>" is blank too: mirrors that escaped their HTML show
# the page's line breaks as text, and users paste them as they are. (Used where the text
# has any: the plain scan is faster.)
_BLANK_BR_RUN_RE = re.compile(r"\n[ \t\xa0\r]*(?:<br[ ]?/?>[ \t\xa0\r]*|)\n(?:[ \t\xa0\r]*(?:<br[ ]?/?>[ \t\xa0\r]*|)\n)*")


_NON_BLANK_RE = re.compile(r"[^ \t\xa0\r\n]")


# Forum users in these threads type short remarks under a paste (a line or three); a block
# of this many characters after a cable's start (unnumbered prose, a quoted letter, a CV, a
# vetting list, a table) is the cable's own text.
LONG_BLOCK = 400


# What a ``_STRONG_RE`` match can start with (``scan.first_chars``: a superset read from the
# pattern; None: any). (Speed: a wrapped line starting with a lowercase word, a quote or a "$"
# skips the call; the pattern matches no empty string, so an empty line skips it too.)
_STRONG_FIRST = first_chars(_STRONG_RE)


def strong(line: str) -> bool:
    """A line that is certainly cable text (``_STRONG_RE``, a page break, or a heading flattened onto its dashes)."""
    if (_STRONG_FIRST is None or line[:1] in _STRONG_FIRST) and _STRONG_RE.match(line) is not None:
        return True
    # A page break ends its line on its page count: a line with no newline whose last
    # character (before blanks) is no digit cannot be one (speed: no regex for most lines).
    if ("\n" in line or line.rstrip(" \t\xa0")[-1:] in _DIGITS) and _PAGE_BREAK_LINE_RE.match(line) is not None:
        return True
    return line.rstrip(WS).endswith("-----")


# A cable closes its summary, comment or note with an end mark after the section's last
# sentence, on the same line. A block that starts in lowercase (the rest of a sentence cut
# across a page) and ends so is the cable's: "general lawlessness. End Comment". A user's
# remark starts as a sentence does, even when it ends on the words ("... End comment.").
# (A line that starts with the mark is ``_STRONG_RE``'s.)
_END_MARK_TAIL_RE = re.compile(r"[.!?)\"'][ \t\xa0]+(?i:end[ \t\xa0]+(?:comment|summary|note))[ \t\xa0]*[.)]?[ \t\xa0]*$")



# A form's field label: a capitalised word or three and a colon ("DOB:", "Rank/Name:", "Place
# of Birth:", "Vetting #:", "Project Number:"). A block that starts with a label and holds four different ones
# is a form the cable holds (a vetting list, a project table, a CV, a questionnaire); a user's
# remark has a label or two at most ("Two points:", "REF:").
# (Speed: the capital first, then the test of the character before it, a blank or none, as
# a lookbehind over both: ``re`` skips to capitals instead of trying the pattern everywhere.)
_FORM_LABEL_RE = re.compile(r"[A-Z](?<![^ \t\xa0\n][A-Z])[A-Za-z#/.()&-]*(?:[ \t\xa0][A-Za-z#/.()&-]+){0,2}[ \t\xa0]*:(?=[ \t\xa0\n]|$)", re.MULTILINE)


def _end_mark_tail(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` ends on a section's end mark after a sentence (``_END_MARK_TAIL_RE``)."""
    z = max(a, b - 16)  # (speed: the mark's letters first, "End" or "END", near the block's end)
    if text.find("nd", z, b) == -1 and text.find("ND", z, b) == -1:
        return False
    return _END_MARK_TAIL_RE.search(text, max(a, b - 30), b) is not None


# A table's row: a label, then a run of blanks (two at least, the viewer's nbsp among them)
# and a figure ending the line ("Real Estate       235.0", "Total   100.0 %"). Users type no
# column of figures aligned with runs of blanks.
_TABLE_ROW_RE = re.compile(r"[^\n]*?[A-Za-z).:][ \t\xa0]{2,}[-+$(]?[0-9][0-9.,]*[)%]?[ \t\xa0]*$")


def _table_rows(text: str, a: int, b: int) -> bool:
    """Whether two of the block's first three lines are a table's rows (``_TABLE_ROW_RE``)."""
    if text.find("  ", a, min(b, a + 400)) == -1 and text.find("\xa0", a, min(b, a + 400)) == -1:
        return False  # (speed: no run of blanks, no row)
    return sum(_TABLE_ROW_RE.match(text, x, y) is not None for x, y in line_spans(text, a, b, 3)) >= 2


# An address on State's classified network (a post's "Classified Website", Intelink) or a
# State e-mail address (a cable's point of contact: "POC is Robert Copley, copleyre@state.gov").
_STATE_NET_RE = re.compile(r"(?i:\.sgov\.gov|[A-Za-z0-9._-]@state\.gov)")


# The words the cables capitalise only to start a sentence (``bench/sentence_words.py``
# measures them over the tuning part): "However", "There", "Interesting". A line starting
# with one, capitalised, begins a sentence; a cable's wrapped line goes on in lowercase or
# in a name ("... the delegation met" / "President Karzai").
_SENTENCE_WORDS = frozenset(resources.files(__package__).joinpath("sentence_words.txt").read_text(encoding="utf-8").split())
_FIRST_WORD_RE = re.compile(r"[A-Z][a-z]+\b(?!['’.-])")  # "Interesting", not "Don't", "U.S." or "Al-Qaida"


def starts_sentence(line: str) -> bool:
    """Whether ``line`` starts with a capitalised word the cables write so only at a
    sentence's start (``sentence_words.txt``): a new sentence, not the rest of a broken one."""
    m = _FIRST_WORD_RE.match(line)
    return m is not None and m.group().lower() in _SENTENCE_WORDS


def sentence_word(word: str) -> bool:
    """Whether ``word`` (any case) is one the cables capitalise only to start a sentence
    (``sentence_words.txt``): a common word, no name."""
    return word.lower() in _SENTENCE_WORDS


_TITLE_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?-?")  # (with its apostrophe, or the hyphen after it)


def title_case(line: str) -> bool:
    """Whether most of ``line``'s longer words after its first are capitalised: a title
    ("Personnel and Facility Security Course from 9-20 November."), not a sentence."""
    long = [w for w in _TITLE_WORD_RE.findall(line)[1:] if len(w) >= 4]
    return bool(long) and 2 * sum(w[0].isupper() for w in long) >= len(long)


def new_sentence(line: str) -> bool:
    """Whether ``line`` starts a new sentence, not a title run on from the line above: its
    first word one the cables capitalise only there (``starts_sentence``), and it no title
    ("... the DOD/DOS preferred global format" / "Status of Forces Agreement (SOFA).")."""
    return starts_sentence(line) and not title_case(line)


# A cable's note on its own clearance, typed under its text by its drafter ("Congressman
# Meeks' office did not clear on this cable.", "CODEL Lugar has cleared this message."):
# 183 of the tuning part's 4,416 bodies hold one; no user writes of clearing "this cable".
_CLEARED_RE = re.compile(
    r"(?i:\b(?:did|has|have|had|could|was|were)\s+not\s+(?:\w+\s+){0,4}?clear(?:ed)?\b[^.\n]{0,30}?\b(?:this|the)\s+(?:cable|message|telegram)\b"
    r"|\bcleared\s+(?:on\s+)?this\s+(?:cable|message|telegram)\b)")


def cable_like(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` reads as cable text rather than a user's words."""
    br_end = min(b, a + 240)  # (speed: "<" alone first, a one-character scan; most blocks have none)
    if text.find("<", a, br_end) != -1 and text.find("<br>", a, br_end) != -1:
        return True  # a mirror's escaped line breaks (every line has one): copied text, never typed

    e = text.find("\n", a, b)
    first = text[a : b if e == -1 else e]
    if strong(first) or (len(first) >= 100 and MEDIUM_RE.match(first) is not None):
        return True  # a long paragraph that starts like one (users number short points too)
    # '(' first: the marking's literal, a fast no for most lines; the search looks near the line's start.
    if len(first) >= 100 and first.find("(", 0, 600) != -1 and _INLINE_PARA_RE.search(first, 0, 600) is not None:
        return True  # a flattened line running on into a marked paragraph: "---- Iran ---- ¶12. (C) ..." (near its start)
    if text.find("gov", a, min(b, a + 2000)) != -1 and _STATE_NET_RE.search(text, a, min(b, a + 2000)) is not None:
        return True  # an address on State's closed network, a State e-mail: no user has one to give
    if "OF" in first and page_breaks(first):
        return True
    if text.find("lear", a, min(b, a + 300)) != -1 and _CLEARED_RE.search(text, a, min(b, a + 300)) is not None:
        return True  # the drafter's note on who cleared it: "CODEL McCain did not clear this cable."
    if e != -1:
        e2 = text.find("\n", e + 1, b)
        second = text[e + 1 : b if e2 == -1 else e2].strip(H)
        body = first.rstrip(H)
        # Hard-wrapped: the first line broken mid-sentence at a cable's width, where the
        # next word would not have fitted (cables wrap at 60-70 columns; of the corpus's
        # wrapped first lines, 93% plus their next word reach 60) or the sentence runs on
        # in lowercase. A user's short line followed by a new sentence is not wrapped.
        # A line ending on a lowercase word with a new sentence under it ("... straight from
        # the horse's mouth" / "Interesting timing ...") was not broken off: it is typed (a
        # title may run on: "... give NATO Military" / "Authorities sufficient time").
        if (35 <= len(body) <= 90 and body[-1:] not in ".!?:" and second
                and (first[-1:] in " \t\xa0" or len(second) >= 20 or e2 == -1)
                and ((fit := len(body) + 1 + len(second.split(maxsplit=1)[0])) >= 56
                     and not (body[-1:].islower() and body[body.rfind(" ") + 1 :].islower() and starts_sentence(second))
                     or (fit >= 52 and not second[0].isupper())
                     or MEDIUM_RE.match(first) is not None)):  # a bullet's or a list's wrapped line
            return True
        lines = line_spans(text, e + 1, b, 7)
        for la, lb in lines:
            line = text[la:lb]
            if strong(line) and not line.lstrip(H).startswith("¶"):
                return True
            if "OF" in line and page_breaks(line):
                return True
        # An old cable in capitals: several lines, no lowercase at all.
        chunk = text[a : lines[min(len(lines), 3) - 1][1]] if lines else first
        if len(chunk) >= 60 and chunk == chunk.upper():
            return True
    if (text.find(":", a, min(b, a + 32)) != -1 and text.count(":", a, (z := min(b, a + 400))) >= 4  # (speed: a form starts with a label)
            and len({m.group() for m in _FORM_LABEL_RE.finditer(text, a, z)}) >= 4):
        return True  # a form's fields: "Vetting #: 99250 Rank/Name: ... DOB: ... Place of Birth: ..."
    if e != -1 and _table_rows(text, a, b):
        return True  # a table's rows, their figures in a column ("Industry      345.0")
    if text[a].islower() and _end_mark_tail(text, a, b):
        return True  # the rest of a sentence cut across a page, and the comment's close: "general lawlessness. End Comment"
    # The viewer's copy: lines end with a space (users' lines do not).
    return len(first) >= 40 and first[-1:] == " " and first.rstrip(H)[-1:] not in ".!?"


# The words of the cables' headings in capitals (``bench/heading_words.py`` measures them
# over the tuning part): "BACKGROUND", "ECONOMIC", "OUTLOOK". A user's shout is made of
# sentence words a heading seldom holds ("WAKE UP PEOPLE", "READ IT AND WEEP").
_HEADING_WORDS = frozenset(resources.files(__package__).joinpath("heading_words.txt").read_text(encoding="utf-8").split())
_HEADING_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


def heading(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is a section heading: one short line that ends no
    sentence, in Title Case ("Business Relations and Military Cooperation") or in capitals
    made mostly of the cables' heading words."""
    if b - a > 120 or text.find("\n", a, b) != -1:
        return False
    line = text[a:b].strip(WS)
    if not line or line[-1] in ".!?:;,\"'" or not line[0].isupper():
        return False
    if ID_MENTION_RE.search(line) is not None:
        return False  # a cable cited in WikiLeaks' form ("Also see 10HAVANA84"): a user's line; a cable writes "HAVANA 84"
    words = _HEADING_WORD_RE.findall(line)
    if not words:
        return False
    if line == line.upper():
        return 3 * sum(w in _HEADING_WORDS for w in words) >= 2 * len(words)
    return 5 * sum(w[0].isupper() for w in words) >= 3 * len(words) and len(words) <= 12


# --- where a body ends ----------------------------------------------------------------------
def split_blocks(text: str, start: int, bound: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank line runs of ``text[start:bound]``."""
    out = []
    p = start
    # ("<" alone first: a one-character scan is many times faster than a word's, and most texts have none.)
    has_br = text.find("<", start, bound) != -1 and text.find("<br", start, bound) != -1
    blank = _BLANK_BR_RUN_RE if has_br else BLANK_RUN_RE
    for m in blank.finditer(text, start, bound):
        # Only the first run can be blank: after a match the next line holds a non-blank
        # character, or the greedy run would have taken that line too (speed: no search).
        if p != start or _NON_BLANK_RE.search(text, p, m.start()) is not None:
            out.append((p, m.start()))
        p = m.end()
    if _NON_BLANK_RE.search(text, p, bound) is not None:
        out.append((p, rstrip_end(text, p, bound)))
    return out


def all_caps(text: str, a: int, b: int) -> bool:
    if b - a > 400 or text.count("\n", a, b) > 3:
        return False
    chunk = text[a:b]
    return chunk == chunk.upper() and chunk != chunk.lower()


def stops(text: str, a: int, b: int, excerpt: bool) -> bool:
    """A block that is the user's and ends any cable before it: a link line, a short remark."""
    p = a
    while p < b and text[p] in " \t\xa0":
        p += 1
    if text[p : p + 1] not in ("h", "w"):  # the common case first: no link line
        if b - a > 300 or text.find("\n", a, b) != -1:
            return False
    e = text.find("\n", a, b)
    if text.startswith(("http://", "https://", "www."), p):
        # a link line, even with the next paste right under it; not the cable's own footer links
        link = text[p : b if e == -1 else e].rstrip(WS)
        if " " not in link:
            return "sgov.gov" not in link and "intelink" not in link
    if b - a > 300 or e != -1:
        return False
    line = text[a:b].strip(WS)
    if line.endswith(":") and len(line) < 120 and ID_MENTION_RE.search(line) is not None:
        return True  # "From 10MEXICO27, this bit:" introduces the next paste
    return (excerpt and len(line) < 120 and line[-1:] in ".!?:" and not strong(line)
            and MEDIUM_RE.match(line) is None and line != line.upper())  # a heading in capitals is the cable's


# --- a list of names under its lead-in ------------------------------------------------------
# A line of a list of names and titles: "Under Secretary Nicholas Burns", "- Carin Wall,
# Ambassador for Counter Terrorism, Swedish", "John Creamer (notetaker)", "COLOMBIA", "DG: Luis
# Ramirez Corzo". No sentence ends inside it ("GARZA again. Of course.").
_NAME_LINE_RE = re.compile(r"[ \t\xa0]*(?:-{1,2}[ \t\xa0]*)?[A-Z(][^\n]{0,88}")
_SENTENCE_BREAK_RE = re.compile(r"[a-z]{2}[.!?][ \t\xa0]+[A-Z]")
# A sentence's stop after a word, ending a line ("Wow."; "U.S." is a name).
_WORD_STOP_RE = re.compile(r"[a-z]{2}\.$")
# Words a name or a title holds in lowercase ("Minister of Defense", "Maria de los Angeles").
_NAME_SMALL_WORDS = frozenset("of for the and to in on at de del la las los da do y e van von der bin bint al el".split())
# How many blocks of names a list may take ("U.S." / names / "Colombia" / names; a name a block).
_MAX_NAME_BLOCKS = 30
# A list's lead-in without its colon: "¶2. (U) Participants".
_LEAD_IN_RE = re.compile(r"(?<![A-Za-z])(?i:participants|attendees|delegation|present)$")


def _lead_in(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` ends on a list's lead-in: a colon, or the word that
    heads a meeting's participants."""
    e = rstrip_end(text, a, b)
    return text[e - 1] == ":" or _LEAD_IN_RE.search(text, max(a, e - 12), e) is not None


def _name_line(line: str) -> bool:
    """Whether ``line`` reads as a name or a title: no sentence ends in it, and two words in
    three at least start with a capital (or are a name's small words, "of", "de")."""
    words = line.split()
    if not words or line.rstrip()[-1:] in "!?":
        return False
    # (Speed: counted until too many: a sentence's line fails on its first lowercase words,
    # before the regex.)
    most, small = len(words) // 3, 0  # 3 * small <= len(words)
    for w in words:
        if w[:1].islower() and w not in _NAME_SMALL_WORDS:
            small += 1
            if small > most:
                return False
    # (Speed: the regex, tried at every character, only on a line with a stop to break at.)
    return not ("." in line or "!" in line or "?" in line) or _SENTENCE_BREAK_RE.search(line) is None


# The text whose blocks ``_name_block`` read last, with its answers by block (speed: a list's
# blocks are read again for each block of it, forwards and backwards). One (text, answers)
# pair, replaced whole and read through a local name, so that two threads splitting two posts
# at once never read each other's answers.
_NAME_MEMO: list[tuple[str | None, dict]] = [(None, {})]


def _name_block(text: str, a: int, b: int) -> bool:
    """Whether the block ``text[a:b]`` is a few lines of names and titles (``_name_line``),
    its first line ending no sentence ("Wow." alone is a user's)."""
    memo = _NAME_MEMO[0]
    if memo[0] is not text:
        memo = _NAME_MEMO[0] = (text, {})
    answers = memo[1]
    found = answers.get((a, b))
    if found is None:
        found = answers[(a, b)] = _reads_as_names(text, a, b)
    return found


def _reads_as_names(text: str, a: int, b: int) -> bool:
    if b - a > 1200:
        return False  # (speed: a paragraph is ruled out at once)
    # Twelve lines at most, each a name's. (Speed: read one by one, not split first: a
    # paragraph's first line, too long or no name's, ends the reading.)
    x, k = a, 0
    while x < b:
        if k == 12:
            return False
        y = text.find("\n", x, b)
        if y == -1:
            y = b
        if _NAME_LINE_RE.fullmatch(text, x, rstrip_end(text, x, y)) is None:
            return False
        line = text[x:y].strip(WS)
        if not _name_line(line) or (k == 0 and line[-1:] == "." and _WORD_STOP_RE.search(line) is not None):
            return False
        x, k = y + 1, k + 1
    return True


def listed_names(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` is in a list of names and titles between the cable's own text: a
    line of the cable ending in a colon introduces it ("¶2. (U) Participants:", "¶76. (SBU)
    U.S. Delegation:", "d) Mexicans in prison in Peru for drug trafficking:"), every block
    from there to the list's end is names and titles (``_name_block``; a country's name over
    its people, "U.S." / "Colombia", too), and cable text follows it ("¶3. (C) Summary: ...").
    A memorandum of conversation lists who met so; a user's remark under a paste is
    sentences, with no such lead-in over it. (Where nothing of the cable follows the list,
    its names are left to the signer's reading: a list's last name may sign a user's lines.)"""
    if not _name_block(text, *blocks[i]):
        return False
    for k in range(i - 1, max(-1, i - 1 - _MAX_NAME_BLOCKS), -1):
        a, b = blocks[k]
        if not _name_block(text, a, b):
            if not _lead_in(text, a, b):
                return False
            break
    else:
        return False
    k = i + 1
    while k < len(blocks) and k - i <= _MAX_NAME_BLOCKS and _name_block(text, *blocks[k]):
        k += 1
    return k < len(blocks) and cable_like(text, *blocks[k])
