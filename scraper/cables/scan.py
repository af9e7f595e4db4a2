"""Exact stand-ins for slow regex scans: the same matches, found from the letters they need.

Pure. Speed only: every function here returns exactly what the regex call it names returns.

The regex engine tries a pattern at every character of a scan. A pattern that starts with a
lookbehind or with a letter of any case (``CLASS_ANYWHERE_RE``) costs ~80 ns a character, so
scanning a routing header for the body's classification line cost more than reading the rest
of the cable. Here the text is copied once into bytes (one byte per character, a fraction of a ns each),
its ASCII letters are looked for with ``bytes.find`` (far faster than any regex), and the
regex is tried only where a match could start.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

# Non-ASCII letters that a case-blind regex matches with ASCII ones (İ ı ſ K): where one is
# in the text, a scan by ASCII letters could miss a match, so the regex scans as before.
CI_EXTRA = ("\u0130", "\u0131", "\u017f", "\u212a")

# Each byte to its shape: an ASCII letter to "a", a space stays, anything else to ".".
_SHAPE = bytes(ord("a") if chr(b) in string.ascii_letters else b if b == ord(" ") else ord(".") for b in range(256))

# Where a CLASS_ANYWHERE_RE match can start (classification.py's _LEVEL): its level is a word,
# UNCLAS(SIFIED), NCLAS, CONFIDENTIAL or SECRET in any case, or letters one space apart
# ("C O N F I D E N T I A L", "SS E C R E T": one or two letters, then three or more " X").
# (word, how many characters before it the match may start: "UNCLAS" holds "NCLAS" one on)
_LEVEL_WORDS = ((b"NCLAS", 1), (b"CONFIDENTIAL", 0), (b"SECRET", 0))
_SPACED = b"a a a a"  # a spaced level's last first-group letter and three " X": starts here or one before
_LONGEST = 12  # the longest of the above: how far past a chunk its bytes are read
# The classification line is at the text's first line (matched before any chunk), else under a
# routing header: on the corpus's tuning part at a median 300 characters in, 95% by 800; in the
# captured mirror copies (samples/) up to 1,150. One chunk covers that (a second chunk costs more
# than the extra characters).
_FIRST_CHUNK = 1280


def class_anywhere(rx: re.Pattern, text: str, start: int, end: int) -> Iterator[re.Match]:
    """``rx.finditer(text, start, end)`` for ``rx`` = classification.py's CLASS_ANYWHERE_RE.

    Candidates (every place a match can start) are found chunk by chunk, in order, and the
    regex is matched at each from where the last match ended, as ``finditer`` goes on.
    """
    if "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text:  # CI_EXTRA (speed: no generator)
        yield from rx.finditer(text, start, end)
        return
    start, end = max(start, 0), min(end, len(text))
    pos, lo, size = start, start, _FIRST_CHUNK
    if start < end and (m := rx.match(text, start, end)) is not None:  # most often the text's first line
        yield m
        pos = lo = m.end()
    while lo < end:
        hi = min(end, lo + size)
        # One byte a character. (Latin-1, not ASCII: a no-break space or a "¶" then costs a plain
        # copy, not a call of the error handler; bytes from 128 up, like the "?" put for the rest,
        # are no letter, no space and in no level word, so the candidates are the same.)
        raw = text[lo : min(end, hi + _LONGEST)].encode("latin-1", "replace")
        last = hi - lo  # occurrences at or before this; candidates before it
        found = set()
        up = raw.upper()
        for word, back in _LEVEL_WORDS:
            i = up.find(word)
            while i != -1 and i <= last:
                found.update(range(i - back, i + 1))
                i = up.find(word, i + 1)
        shape = raw.translate(_SHAPE)
        i = shape.find(_SPACED)
        while i != -1 and i <= last:
            found.update((i - 1, i))
            i = shape.find(_SPACED, i + 1)
        for c in sorted(found):
            p = lo + c
            if p >= pos and c < last and (m := rx.match(text, p, end)) is not None:
                yield m
                pos = m.end()
        lo, size = max(hi, pos), size * 4


# --- a pattern's first characters: skip a match call that cannot succeed ---------------------
# A failing ``rx.match`` still costs a call and the engine's set-up. Where a line is asked about
# many layouts in turn (``anchors._anchor_at``), most fail on the line's first character: the set
# of characters each pattern can start with is read once from its parse tree, and the caller
# tests the line's first character against it before the call.

_ICASE_EXTRA = frozenset(CI_EXTRA)  # a case-blind ASCII letter also matches these (İ ı ſ K)


def _first_of_seq(items, icase: bool) -> tuple[frozenset | None, bool]:
    """(characters a match of the sequence can start with, or None for any; whether it can be empty)."""
    out: set = set()
    for op, av in items:
        chars, empty = _first_of_item(op, av, icase)
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def _cased(chars: set, icase: bool) -> frozenset | None:
    if not icase:
        return frozenset(chars)
    if not all(c.isascii() for c in chars):
        return None  # a non-ASCII letter's case partners: not worth working out, any character
    return frozenset(chars | {c.lower() for c in chars} | {c.upper() for c in chars}) | _ICASE_EXTRA


def _first_of_item(op, av, icase: bool) -> tuple[frozenset | None, bool]:
    name = str(op)
    if name == "LITERAL":
        return _cased({chr(av)}, icase), False
    if name == "IN":
        chars = set()
        for iop, iav in av:
            if str(iop) == "LITERAL":
                chars.add(chr(iav))
            elif str(iop) == "RANGE" and iav[1] - iav[0] < 512:
                chars.update(map(chr, range(iav[0], iav[1] + 1)))
            else:
                return None, False  # a negated set, a category (\s, \w): any character
        return _cased(chars, icase), False
    if name == "BRANCH":
        out, empty = set(), False
        for seq in av[1]:
            chars, e = _first_of_seq(seq, icase)
            if chars is None:
                return None, False
            out |= chars
            empty = empty or e
        return frozenset(out), empty
    if name == "SUBPATTERN":
        _, add, dele, seq = av
        return _first_of_seq(seq, (icase or bool(add & re.IGNORECASE)) and not dele & re.IGNORECASE)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        lo, _, seq = av
        chars, empty = _first_of_seq(seq, icase)
        return chars, empty or lo == 0
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return frozenset(), True  # no character of its own (a lookahead only narrows the set)
    return None, False  # anything else (a backreference, any character ...): no gate


# Keyed by the pattern's id (a pattern's own hash reads its whole compiled code each time); the
# pattern is kept with its set, so its id is never reused.
_FIRSTS: dict[int, tuple[re.Pattern, frozenset | None]] = {}


def first_chars(rx: re.Pattern) -> frozenset | None:
    """Every character a match of ``rx`` can start with (a superset), or None where it may be any."""
    if (known := _FIRSTS.get(id(rx))) is not None:
        return known[1]
    try:
        from re import _parser  # the parse tree ``re`` compiles from (any failure: no gate)
        chars, empty = _first_of_seq(list(_parser.parse(rx.pattern, rx.flags)), bool(rx.flags & re.IGNORECASE))
        first = None if empty else chars
    except Exception:
        first = None
    _FIRSTS[id(rx)] = (rx, first)
    return first

