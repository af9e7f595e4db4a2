"""Read a cable body: classification line, SIPDIS, E.O., TAGS, SUBJECT, paragraphs, signer.

Pure. The body starts at the classification line (CABLE-FORMATS.md (d)); page-break lines
are removed before paragraphs are read; the signer is looked for at the very end.
"""

from __future__ import annotations

import re
from datetime import date

from .header import year4
from .models import Paragraph

CLASS_LINE_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\])?
    (?P<cls> UNCLAS(?:SIFIED)?                                        # UNCLAS
           | (?i:C[ ]O[ ]N[ ]F[ ]I[ ]D[ ]E[ ]N[ ]T[ ]I[ ]A[ ]L)       # C O N F I D E N T I A L
           | (?i:S[ ]E[ ]C[ ]R[ ]E[ ]T)                               # S E C R E T, S e c r e t
           | CONFIDENTIAL | SECRET )                                  # unspaced, capitals only
    (?:[ \t\xa0]+SECTION[ \t\xa0]+[0-9]{1,2}[ \t\xa0]+OF[ \t\xa0]+[0-9]{1,2})?   # SECTION 01 OF 03
    [ \t\xa0]+(?P<station>[A-Za-z][A-Za-z.' ]{1,40}?)                 # MEXICO, RIO DE JANEIRO
    [ \t\xa0]+(?P<serial>[0-9]{6,8})(?![0-9])                         # 000023
    """,
    re.VERBOSE | re.MULTILINE,
)
PARTIAL_RE = re.compile(r"This record is a partial extract of the original cable")
EXCERPT_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\])?
    (?: ¶[0-9]{1,3}\.                                              # ¶8.
      | [0-9]{1,2}\.[ \t\xa0]+\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF)\) )  # 1. (C)
    """,
    re.VERBOSE | re.MULTILINE,
)


# --- body fields ------------------------------------------------------------------------
# Page-break lines ("MEXICO 00000023  002 OF 003"): found from their "OF nnn" tail (a
# literal prefix, so the scan is fast), then checked backwards over serial and station.
PAGE_BREAK_TAIL_RE = re.compile(r"OF[ \t\xa0]+[0-9]{3}(?![0-9])")
PAGE_BREAK_HEAD_RE = re.compile(
    r"""
    (?<![A-Za-z])[A-Z]{3,}(?:\ [A-Z]{2,}){0,3}      # station words: MEXICO, RIO DE JANEIRO
    [ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[0-9])?[ \t\xa0]+\Z   # 00000023  002 (or 001.2)
    """,
    re.VERBOSE,
)
EO_RE = re.compile(r"(?<![A-Za-z])(?P<eo>E\.?[ \t\xa0]?O\.?[ \t\xa0]*1[0-9]{4}\b[^\n]*?)(?=[ \t\xa0]*(?:\n|TAGS?\b|$))")
DECL_RE = re.compile(r"(?i)DECL:?[ \t\xa0]*(?P<a>[0-9]{1,4})[/.-](?P<b>[0-9]{1,2})[/.-](?P<c>[0-9]{2,4})")
TAGS_RE = re.compile(
    r"""
    (?<![A-Za-z])(?:TAGS|TAGE|TAS|AGS)(?![A-Za-z])[ \t\xa0]*:?[ \t\xa0]*   # label, typos seen
    (?P<v>[^\n]*(?:,[ \t\xa0]*\n[^\n]*)*)                                   # wraps after a comma
    """,
    re.VERBOSE,
)
TAG_ITEM_RE = re.compile(r"[^\s,()]+(?:[ \t\xa0]*\([^)]*\))?")
SUBJECT_RE = re.compile(r"(?<![A-Za-z])SUBJ(?:ECT)?(?![A-Za-z])[ \t\xa0]*:?[ \t\xa0]*")
SUBJECT_END_RE = re.compile(
    r"""
      \n[ \t\xa0\r]*\n                                   # blank line
    | (?<![A-Za-z])(?:PROGRAM[ \t\xa0]+)?REF(?:S|\(S\))?[ \t\xa0]*:   # REF:
    | Classified[ \t\xa0]+By                             # authority line
    | ¶[0-9]                                             # first paragraph
    | \n[ \t\xa0]*[0-9]{1,2}\.[ \t\xa0]                  # "1. " on its own line
    """,
    re.VERBOSE,
)
MARKING_AFFIX_RE = re.compile(r"^\((?:U|C|S|SBU|S/NF|C/NF)\)[ \t\xa0]*|[ \t\xa0]*\((?:U|C|S|SBU|S/NF|C/NF)\)$")
CLASSIFIED_BY_RE = re.compile(r"[Cc]lassified[ \t\xa0]+[Bb][Yy]:?[ \t\xa0]*(?P<v>[^\n]*)")
REASON_RE = re.compile(r"(?i)[ \t\xa0,;]+(?:for[ \t\xa0]+)?(?:reasons?|E\.?O\.?)\b.*$")
PARAGRAPH_RE = re.compile(
    r"""
      ¶[ \t\xa0]*(?P<n1>[0-9]{1,3})\.                 # ¶1. anywhere (the viewer's pilcrow)
    | \n[ \t\xa0]*(?P<n3>[0-9]{1,2})\.(?=[ \t\xa0]+[(A-Z])   # "1. " at a line start
    """,
    re.VERBOSE,
)
# " 6. (U)" inside a flattened line: found from the marking, a literal-led scan.
# PARAGRAPH_RE's two branches scanned apart: each then starts with a literal and scans fast.
# They cannot overlap, so together they find exactly PARAGRAPH_RE's matches.
_PILCROW_PARAGRAPH_RE = re.compile(r"¶[ \t\xa0]*(?P<n>[0-9]{1,3})\.")
_LINE_PARAGRAPH_RE = re.compile(r"\n[ \t\xa0]*(?P<n>[0-9]{1,2})\.(?=[ \t\xa0]+[(A-Z])")
INLINE_PARAGRAPH_RE = re.compile(r"\.(?=[ \t\xa0]+\((?:U|C|S|SBU|S/NF|C/NF)\))")
MARKING_RE = re.compile(r"[ \t\xa0]*\((?P<m>U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|[A-Z]+[ \t\xa0]*--[ \t\xa0]*ENTIRE PARAGRAPH)\)")
SIGNER_RE = re.compile(
    r"""
    (?: (?<=\n) | (?<=^) | (?<=[.!?)"/][ \t\xa0]) | (?<=[.!?)"/][ \t\xa0]{2}) | (?<=[.!?)"/][ \t\xa0]{3}) )
    (?:[A-Z][a-z]+[ \t\xa0]+)?                                  # optional first name: Leslie
    (?P<name>[A-Z]{3,}(?:[ \t\xa0]+[A-Z]{3,})?)[ \t\xa0]*$      # GARZA, KEEGAN PAAL
    """,
    re.VERBOSE | re.MULTILINE,
)
NOT_SIGNERS = frozenset(
    "SIPDIS SENSITIVE NOFORN SUMMARY COMMENT UNCLAS NNNN END NOTE TEXT CONFIDENTIAL SECRET "
    "UNCLASSIFIED COLLECTIVE WASHDC PRIORITY IMMEDIATE ROUTINE BACKGROUND INFO ACTION "
    "CABLE PARAGRAPH ENTIRE USG GOM".split()
)
_CLS = ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL//NOFORN", "SECRET//NOFORN",
        "UNCLASSIFIED", "CONFIDENTIAL", "SECRET")


def normalise_classification(s: str | None) -> str | None:
    """Map a metadata or body marking onto the cablegate set, or None."""
    if not s:
        return None
    key = re.sub(r"[^A-Z]", "", s.upper())
    for cls in _CLS:
        if key == re.sub(r"[^A-Z]", "", cls):
            return cls
    if key.startswith("UNCLAS"):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if "OFFICIAL" in key or "SENSITIVE" in key else "UNCLASSIFIED"
    for base in ("CONFIDENTIAL", "SECRET"):
        if key.startswith(base):
            return f"{base}//NOFORN" if "NOFORN" in key else base
    return None


def page_breaks(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each page-break marker in ``text``."""
    out = []
    for m in PAGE_BREAK_TAIL_RE.finditer(text):
        head = PAGE_BREAK_HEAD_RE.search(text, max(0, m.start() - 70), m.start())
        if head is not None:
            out.append((head.start(), m.end()))
    return out


def remove_page_breaks(text: str) -> str:
    """Drop ``MEXICO 00000023  002 OF 003`` lines (and inline ones in flattened pastes).

    A marker alone on its line takes its surrounding blank lines with it, so the two
    halves of a paragraph split by the page break join again.
    """
    spans = page_breaks(text)
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in spans:
        a = start
        while a > pos and text[a - 1] in " \t\xa0":
            a -= 1
        b = end
        while b < len(text) and text[b] in " \t\xa0":
            b += 1
        if (a == 0 or text[a - 1] == "\n") and (b == len(text) or text[b] == "\n"):
            # own line: swallow blank lines on both sides, keep one newline
            a = a - 1 if a > pos else a
            while a > pos and text[a - 1] in " \t\xa0\n":
                a -= 1
            while b < len(text) and text[b] in " \t\xa0\n":
                b += 1
            parts.append(text[pos:a])
            parts.append("\n")
        else:
            parts.append(text[pos:a])
            parts.append(" ")
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def find_signer(body: str) -> str | None:
    """Return the signer's surname(s) from the end of the body, or None."""
    tail = body.rstrip()[-300:].rstrip()
    m = _search_line_ends(SIGNER_RE, tail)
    if m is None or any(w in NOT_SIGNERS for w in m["name"].split()):
        return None
    return " ".join(m["name"].split())


_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")
_LABEL_SPLIT_RE = re.compile(r"(?<![A-Za-z])SUBJ(?:ECT)?(?![A-Za-z])")


def read_subject(pre: str) -> tuple[str | None, int]:
    m = SUBJECT_RE.search(pre)
    if m is None:
        return None, 0
    rest = pre[m.end() : m.end() + 600]
    end = SUBJECT_END_RE.search(rest)
    value = " ".join((rest[: end.start()] if end else rest.split("\n", 1)[0]).split())
    value = MARKING_AFFIX_RE.sub("", value).strip()
    return value or None, m.end() + (end.start() if end else len(rest))


def read_tags(pre: str) -> tuple[str, ...]:
    m = TAGS_RE.search(pre)
    if m is None:
        return ()
    value = _LABEL_SPLIT_RE.split(m["v"], maxsplit=1)[0]
    return tuple(" ".join(t.split()) for t in TAG_ITEM_RE.findall(value))


def _search_line_ends(rx: re.Pattern, text: str) -> re.Match | None:
    """``rx.search(text)`` for a pattern that ends in capitals at a line end (SIGNER_RE).

    Tries only the lines whose end could match (a match never spans a newline); a
    lookbehind still sees the text before the line.
    """
    ls, n = 0, len(text)
    while ls <= n:
        nl = text.find("\n", ls)
        le = n if nl == -1 else nl
        last = text[ls:le].rstrip(" \t\xa0")[-3:]
        if len(last) == 3 and last.isascii() and last.isalpha() and last.isupper():
            if (m := rx.search(text, ls, le)) is not None:
                return m
        ls = le + 1
    return None


def find_classified_by(pre: str) -> re.Match | None:
    """``CLASSIFIED_BY_RE.search(pre)``, scanned from the literal "lassified" (fast)."""
    i = pre.find("lassified", 1)
    while i != -1:
        if pre[i - 1] in "Cc" and (m := CLASSIFIED_BY_RE.match(pre, i - 1)) is not None:
            return m
        i = pre.find("lassified", i + 1)
    return None


def has_word(text: str, word: str) -> bool:
    """Whether ``word`` is one of the runs of capitals A-Z in ``text``."""
    i = text.find(word)
    while i != -1:
        j = i + len(word)
        if (i == 0 or not "A" <= text[i - 1] <= "Z") and (j == len(text) or not "A" <= text[j] <= "Z"):
            return True
        i = text.find(word, i + 1)
    return False


def first_paragraph(nb: str, endpos: int) -> int | None:
    """Start of the first PARAGRAPH_RE match before ``endpos``, else of INLINE_PARAGRAPH_RE's."""
    a = _PILCROW_PARAGRAPH_RE.search(nb, 0, endpos)
    b = _LINE_PARAGRAPH_RE.search(nb, 0, endpos)
    if a is not None or b is not None:
        return min(m.start() for m in (a, b) if m is not None)
    m = INLINE_PARAGRAPH_RE.search(nb, 0, endpos)
    return m.start() if m is not None else None


def paragraph_marks(nb: str) -> list[tuple[int, int, str]]:
    """Return (start, end of the number, number) for each numbered paragraph, in order."""
    marks = [(m.start(), m.end(), m["n"]) for m in _PILCROW_PARAGRAPH_RE.finditer(nb)]
    marks += [(m.start("n"), m.end(), m["n"]) for m in _LINE_PARAGRAPH_RE.finditer(nb)]
    for m in INLINE_PARAGRAPH_RE.finditer(nb):
        i = m.start()
        j = i
        while j > 0 and j > i - 2 and nb[j - 1].isdigit():
            j -= 1
        if j < i and (j == 0 or nb[j - 1] in " \t\xa0"):
            marks.append((j, m.end(), nb[j:i]))
    if len(marks) > 1:
        marks = sorted(set(marks))
        dedup = [marks[0]]
        for mk in marks[1:]:
            if mk[0] >= dedup[-1][1]:
                dedup.append(mk)
        marks = dedup
    return marks


def read_paragraphs(nb: str, intro_end: int) -> tuple[Paragraph, ...]:
    marks = paragraph_marks(nb)
    if not marks:
        blocks = (b.strip() for b in _BLANK_LINE_RE.split(nb[intro_end:]))
        return tuple(Paragraph(number=None, marking=None, text=b) for b in blocks if b)
    out = []
    for i, (_, end, number) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(nb)
        mk = MARKING_RE.match(nb, end, stop)  # no lookbehind: same as matching nb[end:stop]
        out.append(Paragraph(
            number=number,
            marking=" ".join(mk["m"].split()) if mk else None,
            text=nb[mk.end() if mk else end : stop].strip(),
        ))
    return tuple(out)


def decl_date(m: re.Match | None) -> date | None:
    if m is None:
        return None
    a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
    y, mo, d = (a, b, c) if a > 31 else (c, a, b)
    if y < 100:
        y = year4(y)
    try:
        return date(y, mo, d)
    except ValueError:
        return None
