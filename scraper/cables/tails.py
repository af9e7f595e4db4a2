"""The user's lines typed right under a pasted cable, with no blank line between.

Pure. They follow the line that closes the cable's text (a paragraph's last line, a signer,
a redaction, a rule, a page break, a mirror's closing tag) and read as no cable: a few
short lines, no paragraph mark, marking, bullet, wrapping or signer (``user_tail_cut``).
"""

from __future__ import annotations

import re
from importlib import resources

from .blocks import LABEL_RE, MEDIUM_RE, cable_like, new_sentence, sentence_word, strong
from .prose import MARKED_RE, reads_as_user
from .signers import common_words_only, is_name, signer_line, signer_tail
from .textspan import H, WS, line_spans, rstrip_end


def user_tail_cut(text: str, a: int, end: int) -> int:
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
        # The cable's own wrap width, from the lines above (0: too few to tell).
        width = max((lines[j][1] - lines[j][0] for j in range(max(0, k - 7), k - 1)), default=0) if k >= 3 else 0
        if not (_closes(prev.lstrip(WS), above, rest[0]) or _lower_after_stop(prev, rest, width) or _unwrapped_after(prev, rest, width)
                or _prose_after(prev, rest[0], width) or _after_list_intro(prev, rest, width)):
            continue
        if rest[0] == rest[0].upper() and _TAGS_TAIL_RE.search(prev) is not None and _tag_codes(rest[0]):
            continue  # the TAGS list wraps on ("RS, GG, UP, BO, LH")
        if _next_item(text, lines, k, a):
            continue  # the list's next item, its bullet as the items' above ("-     Opening ..." under "-     Altering ...")
        if ((sum(map(len, rest)) > 600 or any(len(r) > 120 for r in rest)) and not _user_prose(rest, width)
                or any(strong(r) or (len(r) >= 80 and MEDIUM_RE.match(r)) for r in rest)
                or _cables_own(rest[0]) or cable_like(text, lines[k][0], end)):
            continue
        return rstrip_end(text, a, lines[k - 1][1])
    return end


# A list's bullet and the blanks after it, as the viewer's copy indents them: "-     ", "-- ".
# (Two blanks at least, or a tab: "- " alone is how users write their own points too.)
_BULLET_RE = re.compile(r"[ \t\xa0]*(?:-{1,3}|\*|•)(?:[ \t\xa0]{2,}|\t)(?=[A-Za-z(])")


def _next_item(text: str, lines, k: int, a: int) -> bool:
    """Whether line ``k`` of the block starts with the very bullet (dashes and blanks, the same
    count) that an item above it in the block starts with: the cable's list goes on. (A user
    typing under a paste does not indent his dashes as the cable's items are.)"""
    m = _BULLET_RE.match(text, lines[k][0], lines[k][1])
    if m is None:
        return False
    bullet = m.group()
    return any(text.startswith(bullet, x) for x, _ in lines[:k])


def _user_prose(rest: list[str], width: int) -> bool:
    """Whether the long lines of ``rest`` are a user's own prose (``prose.reads_as_user``):
    a remark typed as one long line under the cable reads as the user's, not the cable's.
    A line over twice the cable's own wrap ``width`` was typed, not pasted (``typed``).

    Under lines that were not wrapped (``width`` over 100: a flattened copy, one line a
    paragraph; 0: too few lines to tell) the length says nothing, and the ``typed`` reading
    is taken all the same: the line follows one that closes the cable's text, and of the
    tuning part's 44,017 cable paragraphs over 120 characters, flattened, 51 read so (6 of
    8,530 among a cable's last three, none of 364 under a signer), while a user's remark
    often shows one class of his markers only ("I" and "my", no contraction)."""
    typed = 40 <= width <= 100
    if not typed and not 0 < width <= 100:
        return all(len(r) <= 120 or reads_as_user(r, typed=True) for r in rest)
    return all(len(r) <= 120 or reads_as_user(r, typed=typed and len(r) > 2 * width) for r in rest)


# A line the cable itself ends with: a capitals name after its text ("... at xxxxx NELSON"),
# or cut short by a mirror ("C....", "CENTCOM FOR CG CJTF-...", "Ambassa...").
_OWN_LAST_LINE_RE = re.compile(r"[^\n]*(?:[a-z0-9.,;)][ \t\xa0]+[A-Z][A-Z'-]{2,}|[A-Za-z-](?:\.{3,}|…))[ \t\xa0]*")


# A paragraph's start (numbered, portion-marked, the viewer's pilcrow): a line starting one
# ends the cable only when it ends a sentence (a one-line paragraph).
_PARA_START_RE = re.compile(r"[ \t\xa0]*(?:¶|[0-9]{1,3}\.|[0-9]{1,3}[ \t\xa0]*\(|[A-Z]\.[ \t\xa0]*\(|\()")  # (also a number that lost its stop: "10 (U)")


def _cables_own(line: str) -> bool:
    """Whether a line typed right under cable text is still the cable's: its signer (a lone
    word in capitals is one), a label, a cut line."""
    first = line.split(maxsplit=1)[0] if line else ""
    return (signer_line(line) is not None or LABEL_RE.match(line) is not None
            or _OWN_LAST_LINE_RE.fullmatch(line) is not None
            or _LONE_NAME_RE.fullmatch(line) is not None and is_name([line])  # a signer alone: "KURTZER", "Kurtzer"
            or not any(ch.isalpha() for ch in line)  # a CSV field's quote and comma
            or line[:1] == "<" and line[-1:] == ">"  # a mirror's closing tags
            or ("/" in first and "://" not in first)  # the rest of a link broken at the wrap
            or ("://" in first and ("sgov.gov" in first or "intelink" in first))  # the footer's own link
            or (_END_MARK_RE.match(line) is not None and ". " not in line))  # no sentence after the mark


# The end of a section, written out: "End Comment", "(End Text)", "END PRT COMMENT."
_END_MARK_RE = re.compile(r"\(?(?i:end)[ \t\xa0]+(?:[A-Za-z/]+[ \t\xa0]+){0,2}(?i:summary|comment|comments|note|text|key|points)\b")


_LONE_NAME_RE = re.compile(r"[A-Z]{2,20}|[A-Z][a-z'-]{3,20}")


# A line ending with a section's written-out end: "... END COMMENT", "End Summary.", "End note.)"
_END_MARK_TAIL_RE = re.compile(r"(?i:\bend[ \t\xa0]+(?:summary|comment|note|text))[ \t\xa0]*[.)]{0,2}[ \t\xa0]*$")

# The telegram's formula that the written-out end runs on into, wrapped onto the next line:
# "END SUMMARY" / "AND ACTION REQUEST.", "END COMMENT" / "AND GUIDANCE REQUEST", in capitals
# as the mark is: the mark's own line goes on, no user's line is typed under it.
_END_MARK_GOES_ON_RE = re.compile(r"AND[ \t\xa0]+[A-Z]+(?:[ \t\xa0]+[A-Z]+)?[ \t\xa0]*[.)]{0,2}[ \t\xa0]*$")


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


# A SUBJECT line in capitals: "SUBJECT: (S) GERMANY TAKING ACTION ON SHIPMENT OF ..."
_CAPS_SUBJECT_RE = re.compile(r"SUBJ(?:ECT)?:[^a-z]*$")


def _stopped(line: str) -> bool:
    """Whether ``line`` ends a sentence: a stop, maybe inside closing quotes or brackets. (A
    quote or a bracket after a word closes no sentence: "... national forces'" / "actions in
    Afghanistan." is one, the plural's apostrophe last. Read so, ``user_tail_cut`` cuts 591
    of the tuning part's 42,395 body blocks of two lines or more inside the cable's text,
    against 622 when any quote or bracket last was taken for a sentence's end.)"""
    return line.rstrip("\"')")[-1:] in ".!?"


def _unwrapped_after(prev: str, rest: list[str], width: int) -> bool:
    """Whether the lines ``rest`` under a line that ends a sentence are no more of its
    paragraph by the cable's own wrap ``width``: two or more lines, all well short of it
    (a paragraph's lines run to the width but its last), or a next word that would have
    fitted on ``prev`` (so ``prev`` was not wrapped)."""
    if not 40 <= width <= 100 or not _stopped(prev) or not rest[0]:
        return False
    return len(rest) >= 2 and all(len(r) <= width * 3 // 4 for r in rest)


def _prose_after(prev: str, line: str, width: int) -> bool:
    """Whether ``line``, under a line that ends a sentence, is a user's remark typed as one
    long line: far longer than the cable's own wrap ``width`` (so no line of its wrapped
    paragraph) and in a user's register (``prose.reads_as_user``)."""
    return 40 <= width <= 100 and len(line) > 2 * width and prev[-1:] in '.!?")\'' and reads_as_user(line, typed=True)


def _after_list_intro(prev: str, rest: list[str], width: int) -> bool:
    """Whether ``rest``, under a line that introduces a list ("... the following points:"),
    is a user's words, not the list: the cable's items are bullets, letters, numbers or
    wrapped lines; each of these is a short sentence of a few words (well short of the
    cable's wrap ``width``, a capital first, a stop last, not in capitals), or a user's long
    remark. (Over the tuning part's bodies, 5 lines under a colon read so, none a block's last.)
    Under a one-line paragraph, the width is taken as 80."""
    if prev[-1:] != ":" or (width and not 40 <= width <= 100):
        return False
    width = width or 80  # a one-line paragraph over it: a cable's usual width
    for r in rest:
        if len(r) > 120 and reads_as_user(r):
            continue
        if (len(r) > width * 3 // 4 or r[-1:] not in '.!?"' or not r[:1].isupper() or r == r.upper()
                or _LIST_ITEM_RE.match(r) is not None or r.count(" ") < 2):
            return False
    return True


# A list's item: a bullet, a letter or number, a portion marking.
_LIST_ITEM_RE = re.compile(r"[ \t\xa0]*(?:[-*•¶(]|[0-9]{1,2}[.)]|[A-Za-z][.)][ \t\xa0])")


# A name in capitals at the end of a line after a name in mixed case ("Nancy Lee KENNY").
_NAME_AT_END_RE = re.compile(r"(?<=[a-z])[ \t\xa0]+[A-Z][a-z]+[ \t\xa0]+(?P<name>[A-Z][A-Z'-]{2,})[ \t\xa0]*$")


# A lone word of letters, any case: a signer written short ("LU") or in lowercase ("jones").
_LONE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]{1,19}")


# The titles before a name: a line ending on one was wrapped before the name.
_TITLES = (" Mr.", " Mrs.", " Ms.", " Dr.", " Amb.", " Gen.", " Sen.", " Rep.", " Gov.")


# A line whose last word is in lowercase, nothing after it: broken off mid-sentence.
_LOWER_LAST_RE = re.compile(r"(?<![A-Za-z'’-])[a-z]+$")


# A one-word sentence at a line's start ("Unreal.", "Wow!"), and the small words a title's
# capitals run on after ("... Alliance on" / "Prostitution."; "Disputes between" / "Countries.").
_ONE_WORD_SENTENCE_RE = re.compile(r"([A-Z][a-z]+)[.!?](?:[ \t\xa0]|$)")
_TITLE_RUN_ON_WORDS = frozenset("of on in at by for to with from between and or the a an into under over about against among bill".split())


# A line led by a dash and a word in lowercase ("-- the usual suspects, again."), and a line
# that ends a sentence on its stop ("... raised by the DNI and the DCIA.").
_DASHED_LOWER_RE = re.compile(r"--[ \t\xa0]*[a-z]")
_STOPPED_RE = re.compile(r"[A-Za-z0-9)][.!?]$")
# A word (not an initial's or an abbreviation's dotted letters, "U.S.") ending a sentence on its
# stop; the words cut short with a stop (abbreviations.txt); what a cable's own lowercase line
# under a sentence starts with: a redaction ("xxxxx"), a signer's particle, a bullet "o".
_WORD_STOP_RE = re.compile(r"(?<![.\w'’-])([A-Za-z]{2,})[.!?]$|[)\]][.!?]$")
_ABBREVIATIONS = frozenset(
    w for w in resources.files(__package__).joinpath("abbreviations.txt").read_text(encoding="utf-8").split("\n")
    if w.strip() and not w.startswith("#"))
_CABLES_LOWER_LINES = ("x", "van ", "von ", "de ", "o ")


def _lower_after_stop(prev: str, rest: list[str], width: int) -> bool:
    """Whether ``rest``, typed under ``prev``, is a user's line in lowercase under a sentence
    ended on a word's stop ("... is ETA." / "lol, nothing changes"): the cable's next sentence
    starts with a capital. Its lines are no wrapped lines (each shorter than the cable's wrap
    ``width``): the tuning part's 4,416 bodies hold 72 lowercase lines under such a line, 57
    of them a redaction, a signer's "van" or a bullet "o" (left alone), the other 15, in 8
    bodies, a redacted name's sentence going on at the wrap ("... borderline members." /
    "noted that ..."). A stop that ends an abbreviation (abbreviations.txt) ends no sentence."""
    nxt = rest[0]
    if not nxt[:1].islower() or nxt.startswith(_CABLES_LOWER_LINES):
        return False
    m = _WORD_STOP_RE.search(prev.rstrip(WS))
    return m is not None and m.group(1) not in _ABBREVIATIONS and (width == 0 or all(len(r) < width - 4 for r in rest))


def _closes(prev: str, above: str, nxt: str) -> bool:
    """Whether the line ``prev`` (after ``above``, before ``nxt``) can be the last line of a cable's text."""
    ended = prev[-1:] in '.!?")\''
    if nxt[:2] == "--" and _DASHED_LOWER_RE.match(nxt) is not None and _STOPPED_RE.search(prev) is not None:
        return True  # "-- the usual suspects" under a finished sentence: a cable's dash goes inside a sentence, never
        # after its stop (of the tuning part's 4,416 bodies, 1 has such a line anywhere in its text)
    if (_LONE_WORD_RE.fullmatch(prev) is not None and is_name([prev.upper()])
            and (above.rstrip(WS)[-1:] in '.!?")\'' or strong(above.strip(WS)))):
        return True  # a lone word under a finished sentence or a footer's rule: the signer ("LU", "jones")
    if (not _stopped(prev) and nxt[:1].islower() and signer_line(prev) is None
            and ((t := signer_tail(prev)) is None or not t["name"].isupper() and len(prev) <= 120)
            and (len(prev) <= 120 or _stopped(nxt))):
        return False  # the sentence runs on: "... as of this date.  Post\nmay cite", a page break; a flattened
        # line too, its sentence ending on the next line ("... Zapatero said he" / "appreciated ... participation."),
        # but for a name at its end ("... the region. Scobey" / "lol, ...": the signer)
    if prev.endswith(_TITLES) or prev.endswith(" U.S.") and nxt[:1].islower():
        return False  # a title no sentence ends on ("... would support Mr." / "Carr's"); "U.S." / "bureaucrats ..."
    if len(prev) > 120:
        return True  # a paragraph on one line (flattened, the viewer's copy): it ends there
    if prev.endswith("---") or signer_tail(prev) is not None or signer_line(prev) is not None:
        return True  # a rule; a signer
    if _NAME_AT_END_RE.search(prev) is not None and is_name(_NAME_AT_END_RE.search(prev)["name"].split()):
        return True  # a signer in capitals run on after the last words: "... cleared by Treasury DAS Nancy Lee KENNY"
    if strong(prev) and (_PARA_START_RE.match(prev) is None or ended):
        return True  # a redaction, a rule, a page break, a trailer; a one-line paragraph
    if prev[-1:] == ">" and prev[:1] == "<":
        return True  # a mirror's closing table tags
    if _TAGS_TAIL_RE.search(prev) is not None:
        return True  # a top cut short after its TAGS line (alone, or flattened into one line)
    if (_CAPS_SUBJECT_RE.match(prev) is not None or prev == prev.upper() and _CAPS_SUBJECT_RE.match(above.strip(WS))) and _typed_sentence(nxt):
        return True  # a top cut short after its SUBJECT in capitals (on one line or two), which wraps on in capitals, not in a sentence
    if _END_MARK_GOES_ON_RE.match(prev) is not None and _END_MARK_TAIL_RE.search(above) is not None:
        return True  # the mark's line gone on ("END COMMENT" / "AND GUIDANCE REQUEST"): the cable's last words
    if _END_MARK_TAIL_RE.search(prev) is not None:
        return _END_MARK_GOES_ON_RE.match(nxt) is None  # "... with the U.S. END COMMENT" (but "END COMMENT" / "AND ACTION REQUEST.")
    if ((m := _ONE_WORD_SENTENCE_RE.match(nxt)) is not None and (sentence_word(m[1]) or common_words_only(m[1])) and m[1] not in _ABBREVIATIONS
            and (w := _LOWER_LAST_RE.search(prev)) is not None and w.group() not in _TITLE_RUN_ON_WORDS):
        return True  # a copy broken off mid-sentence, a one-word sentence of the user's under it ("... a 1998-style
        # collapse" / "Unreal. They actually wrote this down."): a sentence broken at the wrap goes on in lowercase
        # or in a name, a title's capitals after "of" / "between" ("... west of" / "Brass."); over the tuning part's
        # bodies, no other line under a line ending in lowercase starts so
    if (_LOWER_LAST_RE.search(prev) is not None and new_sentence(nxt) and _typed_sentence(nxt)
            and not _wrapped_on(prev, nxt, len(above.rstrip(H)))):
        return True  # a copy cut off mid-sentence ("... seized in national and/or join"), a new sentence typed under it
        # (where its first word would have fitted on the line: no wrap broke the line there)
    if prev[-1:] not in '.!?")\'':
        return False
    # A sentence end: a paragraph's last line is shorter than the wrapped line above it (a
    # line that ends a sentence at the wrap width may go on), or follows a one-line paragraph.
    if len(above) > 120:
        return True
    width = len(above.rstrip(H))
    return 40 <= width <= 95 and len(prev) < width - 4 and not _wrapped_on(prev, nxt, width)


def _wrapped_on(prev: str, nxt: str, width: int) -> bool:
    """Whether the line ``nxt`` may be the next line of the wrapped paragraph that ``prev``
    ends a sentence of: no longer than the wrap ``width`` (the line above), a capital first,
    and its first word would not have fitted on ``prev`` at that width, so the copy broke
    there (... "current chemical rockets." / "Additionally, plasma rockets ...")."""
    first = nxt.split(maxsplit=1)[0] if nxt else ""
    return bool(first) and first[0].isupper() and len(nxt) <= width + 2 and len(prev) + 1 + len(first) > width + 1


def signs_short_remark(text: str, a: int, ls: int) -> bool:
    """Whether the name in mixed case on the line at ``ls`` (in the block from ``a``) signs a
    user's short remark: the lines above it in its block, one to four, are each a sentence of
    a few words typed as users type one (a capital first, a stop last; no paragraph's number
    or marking, no section's end mark, no line certain to be the cable's, none of a cable's
    closing words: "Minimize considered", the classified site). Over the tuning part's 4,416
    cables (body, flattened body, header and body), no block holds a name line so: 10 bodies
    end on a block of one sentence's line and a name, and each such line is the cable's
    ("¶5. (U) Minimize considered." / "Leach", "Comment." / "Garvelink", "... End comment." /
    "van Voorst"). A one-word sentence ("Ouch.") counts beside such a sentence. The remark
    may also be typed right under the cable's paragraph copied as one long line, with no
    blank line between (bench/cable_alone.py: no tuning or held-out cable read differently)."""
    pe = rstrip_end(text, a, ls - 1)
    if pe <= a:
        return False
    if text.count("\n", a, pe) <= 3:
        lines = [text[x:y].strip(WS) for x, y in line_spans(text, a, pe, 4)]
        # (A one-word sentence, "Ouch.", with a sentence of a few words: "Comment." alone over
        # a name is the cable's.)
        if all(_typed_sentence(ln) or (len(lines) > 1 and _typed_word(ln)) for ln in lines) and any(map(_typed_sentence, lines)):
            return True
    # Or typed right under the cable's paragraph copied as one long line (the viewer's copy, a
    # flattened one), with no blank line between: one to three such sentences, and above them
    # that line, ending a sentence. (A cable's own last sentences are wrapped with its
    # paragraph, or numbered, or say "Minimize considered".)
    start = pe
    for _ in range(4):
        start = text.rfind("\n", a, start)
        if start == -1:
            start = a
            break
    spans = line_spans(text, start, pe, 5)
    typed = 0
    for x, y in reversed(spans):
        line = text[x:y].strip(WS)
        if _typed_sentence(line):
            typed += 1
            continue
        return 1 <= typed <= 3 and len(line) > 120 and line[-1:] in '.!?"”)'
    return False


def _typed_word(line: str) -> bool:
    """A one-word sentence as a user types one ("Ouch.", "Priceless!")."""
    return 3 <= len(line) <= 20 and line[-1:] in ".!?" and line[:1].isupper() and line[1:-1].isalpha() and line[1:-1].islower()


def _typed_sentence(line: str) -> bool:
    """A short sentence as a user types one (``signs_short_remark``)."""
    low = line.lower()
    return (len(line) <= 120 and line[-1:] in ".!?" and line[:1].isupper() and line != line.upper() and " " in line
            and MARKED_RE.match(line) is None and not strong(line) and _END_MARK_RE.search(line) is None
            and "minimize" not in low and "classified" not in low)
