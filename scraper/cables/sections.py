"""The labelled lines at the top of a cable body: E.O./DECL, TAGS, SUBJECT, Classified By.

Pure. Read from the text before the first paragraph (CABLE-FORMATS.md (d) 3-7), in any case
and with the label typos telegrams carry (``TAGE``, ``TAS:``, ``AGS:``, ``SUBJ``, ``E.0.``).
"""

from __future__ import annotations

import html
import re
import string
from datetime import date

from .header import year4

# Not after a letter: checked once the "E" is read ("(?<![A-Za-z][Ee])"), so the scan is led by [Ee].
EO_RE = re.compile(
    r"(?P<eo>[Ee](?<![A-Za-z][Ee])\.?[ \t\xa0]?[Oo0]\.?[ \t\xa0]*1[0-9]{4}\b[^\n]*?)(?=[ \t\xa0]*(?:\n|TAGS?\b|$))"
)
DECL_RE = re.compile(
    r"""(?i)DECL(?:ASSIFY)?(?:[ \t\xa0]+ON)?[ \t\xa0]*:?[ \t\xa0]*
        (?P<a>[0-9]{1,4})[ \t\xa0]*[/.-][ \t\xa0]*(?P<b>[0-9]{1,2})[ \t\xa0]*[/.-][ \t\xa0]*(?P<c>[0-9]{2,4})""",
    re.VERBOSE,
)
_TAGS_LINE = r"""
    [ \t\xa0]*(?i:TAGS|TAGE|TAGD|TAS|AGS|TAG|TGS)(?![A-Za-z/)])   # label, any case, typos
    (?:[ \t\xa0]*:[ \t\xa0]*|[ \t\xa0]+)
    (?P<v>[^\n]*)
"""
TAGS_RE = re.compile(r"(?:^|(?<=\n))" + _TAGS_LINE, re.VERBOSE)  # at a line start
# TAGS_RE in two so the scan is literal-led (a front ``(?:^|(?<=\n))`` is tried at every
# character): at the text's start, then after each "\n". Same ``v`` group and end.
_TAGS_FIRST_RE = re.compile(_TAGS_LINE, re.VERBOSE)
_TAGS_NEXT_RE = re.compile(r"\n" + _TAGS_LINE, re.VERBOSE)
# Flattened pastes run the TAGS label into the line ("... DECL: 08/16/2015TAGS: EMIN ...").
TAGS_INLINE_RE = re.compile(r"(?<![A-Za-z/(])(?i:TAGS)(?![A-Za-z/)])[ \t\xa0]*:?[ \t\xa0]*(?P<v>[^\n]*)")
# A wrapped TAGS value goes on while the next line is only tag-like tokens.
_TAG_CONT_RE = re.compile(r"[ \t\xa0]*[A-Za-z][A-Za-z0-9/&().,' \t\xa0-]{0,100}$")
_LABEL_START_RE = re.compile(
    r"[ \t\xa0]*(?i:SUBJ(?:ECT)?\b|REF|CLASSIFIED|E\.?[ ]?O\.?\b|EO[ ]1|DECL|SUMMARY|BEGIN|SIPDIS|PASS|FOR\b|DEPT|STATE\b)"
)
_TAG_SPLIT_RE = re.compile(r"\([^)]*\)|[^\s,;()]+")
# Not the word inside a corrected copy's note: "C O R R E C T E D COPY (SUBJECT)", "(CHANGED SUBJECT LINE)".
SUBJECT_RE = re.compile(r"(?<![A-Za-z(])(?i:SUBJ(?:ECT)?)(?![A-Za-z)]|[ \t\xa0]+LINE\b)[ \t\xa0]*:?[ \t\xa0]*")
SUBJECT_END_RE = re.compile(
    r"""
      \n[ \t\xa0\r]*\n                                                    # blank line
    | (?<![A-Za-z])(?i:REF(?:S|\(S\)|TELS?)?)(?:[ \t\xa0]*:|[ \t\xa0]+[A-Z][.:)])   # REF:, Refs:, REF A: ("... PROGRAM REF:" keeps PROGRAM)
    | (?i:Classified[ \t\xa0]+By)                                         # authority line
    | ¶[0-9]                                                              # first paragraph
    | \n[ \t\xa0]*[0-9]{1,2}\.[ \t\xa0]                                   # "1. " on its own line
    | \n[ \t\xa0]*(?:E\.?[ ]?O\.?[ \t\xa0]*1[0-9]{4}|TAGS?\b|SUMMARY\b|Summary:)   # another label
    """,
    re.VERBOSE,
)
# Inside a SUBJECT's lines: a rule line, or a (repeated) classification line, ends them.
_SUBJECT_STOP_LINE_RE = re.compile(r"\n[ \t\xa0]*(?:[-=_*]{3,}[ \t\xa0]*(?:\n|$)|[A-Z](?:[ ][A-Z]){5,}[ ]|UNCLAS\b)")
_MARKING = r"\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|U//FOUO|S/REL[^)]*|TS)\)"
MARKING_AFFIX_RE = re.compile(rf"^(?:{_MARKING}[ \t\xa0]*)+|(?:[ \t\xa0]*{_MARKING})+$")
CLASSIFIED_BY_RE = re.compile(r"(?i:classified)[ \t\xa0]+(?i:by)[ \t\xa0]*:?[ \t\xa0]*(?P<v>[^\n]*)")
# The value may wrap onto a second or third line; a blank line or a paragraph ends it.
_CLASSIFIED_BY_TAIL_RE = re.compile(r"(?P<v>[^\n]*(?:\n(?![ \t\xa0]*(?:\n|[0-9]{1,2}\.|¶))[^\n]*){0,2})")
REASON_RE = re.compile(
    r"""(?i)[ \t\xa0,;.:-]*(?<![A-Za-z])(?:for[ \t\xa0]+|under[ \t\xa0]+|per[ \t\xa0]+)?
        (?: r[ ]?e[ ]?a[ ]?s?[ ]?o[ ]?n                 # reason(s), "REA SONS", "Re asons", "reaons"
          | E\.?[ ]?O\.?[ ]?1 | \b1\.[ ]?[45]\b          # E.O. 12958, 1.4, "1. 4"
          | section[ ]1\. | para[ ]1\. )
        [\s\S]*$""",
    re.VERBOSE,
)
_VALUE_HEAD_RE = re.compile(r"(?i)^(?:\([A-Z/]{1,6}\)[ ]*)?(?:(?:this[ ]message[ ])?classified[ ]by[ ]*:?[ ]*)?")
_SUFFIXES = ("JR", "JR.", "SR", "SR.", "II", "III", "IV")
_TITLE_WORDS = frozenset("""
ambassador amb dcm adcm a/dcm charge chargé d'affaires affaires a.i. ai deputy chief of mission political politcal
pol econ economic counselor counsellor minister officer poloff econoff polecon polmil pol/mil section head director
consul general principal acting secretary assistant state department office affairs for the and senior advisor
adviser attache attaché defense regional unit team leader ecopol polec coordinator u.s. us representative permanent
alternate deputy-chief counselor, minister-counselor charg chargé, chief, officer, pol/econ econ/pol a/pol/c pol/c
polchief econchief a/polchief mgmt management consular public diplomacy pao rso legatt laboff labor refcoord
ambassador, dcm, cda cg pds a/s assistant vice cons vice-consul officer-in-charge oic interim commander general,
econ/com to at econcouns polcouns mcounselor ecmin polmincouns min coun m/c ltc col maj gen capt cdr lt
a/political e/p ecpo prt isn io nea af/c usun useu ait dir director, acting, political, economic, legal
polcounselor econcounselor das eap eur wha sca ecoff
""".split())
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][A-Za-z'`\-]+|[A-Z]\.|[A-Z]\.[A-Z]\.|Mc[A-Z][a-z]+|de|van|von|del|da|al-[A-Z][a-z]+|Jr\.?|III|II)$")


def read_subject(pre: str) -> tuple[str | None, int]:
    """The SUBJECT's lines joined, entities decoded, portion marking stripped; and where it ends."""
    m = _search_from(SUBJECT_RE, pre, "subj")
    if m is None:
        return None, 0
    rest = pre[m.end() : m.end() + 800]
    end = _subject_end(rest)
    if end is None and m.end() + len(rest) == len(pre) and rest.count("\n") <= 3:
        # ``pre`` ends at the first paragraph and the SUBJECT's lines run up to it (no blank line
        # between): they are all the subject's ("... OF FINANCIAL / CRISIS ON EMPLOYMENT ... / ¶1."),
        # up to a rule line ("-----", a heading's underline) or a repeated classification line.
        cut = _SUBJECT_STOP_LINE_RE.search(rest)
        value = " ".join((rest[: cut.start()] if cut else rest).split())
    else:
        value = " ".join((rest[: end.start()] if end else rest.split("\n", 1)[0]).split())
    value = html.unescape(value.lstrip(":; "))  # "SUBJECT: : MEXICANS ..."
    if "(" in value:  # (Speed: every marking has one; the regex is tried at each character)
        value = MARKING_AFFIX_RE.sub("", value)
    value = value.strip()
    return value or None, m.end() + (end.start() if end else len(rest))


# Where a SUBJECT_END_RE match can start: a newline or pilcrow, or one of its words (any case).
_SUBJECT_END_WORDS = (b"ref", b"classified")


def _subject_end(rest: str) -> re.Match | None:
    """``SUBJECT_END_RE.search(rest)``, tried only where a match can start.

    (Speed: the pattern has no literal to scan for, so the regex is tried at every character.
    Each branch starts with a newline, a pilcrow, ``REF`` or ``Classified``; the
    words are found in ``ascii_lower``'s copy, and the first start that matches is the search's.)
    """
    low = ascii_lower(rest)
    if not isinstance(low, bytes):  # ASCII (str) or a letter a case-blind regex folds (None)
        if low is None:
            return SUBJECT_END_RE.search(rest)
        low = low.encode("ascii")
    starts = set()
    for ch in (b"\n", "¶"):
        i = low.find(ch) if isinstance(ch, bytes) else rest.find(ch)
        while i != -1:
            starts.add(i)
            i = low.find(ch, i + 1) if isinstance(ch, bytes) else rest.find(ch, i + 1)
    for word in _SUBJECT_END_WORDS:
        i = low.find(word)
        while i != -1:
            starts.add(i)
            i = low.find(word, i + 1)
    for p in sorted(starts):
        if (m := SUBJECT_END_RE.match(rest, p)) is not None:
            return m
    return None


def read_tags(pre: str) -> tuple[str, ...]:
    """Tags in the cable's order: upper-cased, de-duplicated, SIPDIS dropped, wraps followed.

    A parenthesised person tag stays whole (``OVIP (STEINBERG, JAMES B.)`` gives ``OVIP`` and
    ``STEINBERG, JAMES B.``).
    """
    m = _tags_line(pre) or _search_from(TAGS_INLINE_RE, pre, "tags")
    if m is None:
        return ()
    value = _cut_at_label(m["v"])
    pos = m.end()
    while value is not None and pos < len(pre) and pre[pos] == "\n":
        nl = pre.find("\n", pos + 1)
        line = pre[pos + 1 : nl if nl != -1 else len(pre)]
        if not line.strip() or _LABEL_START_RE.match(line) or not _TAG_CONT_RE.match(line):
            break
        value += " " + _cut_at_label(line)
        pos = nl if nl != -1 else len(pre)
    out: dict[str, None] = {}
    for item in _TAG_SPLIT_RE.findall(value or ""):
        tag = " ".join(item.strip("()").split()).upper().strip(".,")
        if tag and tag != "SIPDIS" and not tag.isdigit():
            out.setdefault(tag, None)
    return tuple(out)


def _tags_line(pre: str) -> re.Match | None:
    """TAGS_RE's first match in ``pre`` (its ``v`` group and end; the start may be at the "\n")."""
    return _TAGS_FIRST_RE.match(pre) or _TAGS_NEXT_RE.search(pre)


_INLINE_LABEL_RE = re.compile(r"(?<![A-Za-z])(?:SUBJ(?:ECT)?|REF|Classified[ ]By)\b", re.I)


def _cut_at_label(value: str) -> str:
    """Flattened pastes run SUBJECT onto the TAGS line: cut there."""
    m = _INLINE_LABEL_RE.search(value)
    return value[: m.start()] if m else value


def find_classified_by(pre: str) -> re.Match | None:
    """The ``Classified By`` line, in any case, or None."""
    low = ascii_lower(pre)
    if low is None:
        low = pre.lower()
    word = "lassified" if isinstance(low, str) else b"lassified"
    i = low.find(word)
    while i != -1:
        if i > 0 and pre[i - 1] in "Cc" and (m := CLASSIFIED_BY_RE.match(pre, i - 1)) is not None:
            return m
        i = low.find(word, i + 1)
    return None


# Non-ASCII letters that a case-blind regex matches with ASCII ones (İ ı ſ K), and the one
# character whose lower() is two characters long (İ).
_CI_EXTRA = ("\u0130", "\u0131", "\u017f", "\u212a")
_ASCII_LOWER = bytes.maketrans(string.ascii_uppercase.encode("ascii"), string.ascii_lowercase.encode("ascii"))
_LOWERED: list[tuple[str, str | bytes | None]] = []  # the texts last asked for, and their answers


def ascii_lower(text: str) -> str | bytes | None:
    """``text.lower()`` as far as finding ASCII words in it goes (same offsets), or None where it cannot stand in.

    (Speed: ``lower()`` of a text with any non-ASCII character in it, a "¶" or a curly quote,
    costs ~3 ns a character; a bytes copy, one byte per character, with its ASCII capitals
    lowered, a fraction of that. Without the four characters of ``_CI_EXTRA`` an ASCII word
    is found at the same offsets in both, and a case-blind regex matches it only where it is
    written in ASCII letters. The section readers ask for the same few texts in turn: the
    last answers are kept.)
    """
    for seen, low in _LOWERED:
        if seen is text:
            return low
    if text.isascii():
        low = text.lower()
    else:
        try:  # every character below 256 (most texts): a plain copy, and none of _CI_EXTRA in it
            low = text.encode("latin-1").translate(_ASCII_LOWER)  # bytes from 128 up stay: in no ASCII word
        except UnicodeEncodeError:
            low = None if any(c in text for c in _CI_EXTRA) else text.encode("ascii", "replace").translate(_ASCII_LOWER)
    _LOWERED.insert(0, (text, low))
    del _LOWERED[4:]
    return low


def classified_by(m: re.Match | None, pre: str) -> tuple[str | None, str | None]:
    """(name, title) from a ``Classified By`` line: ``Ambassador Antonio O. Garza``, ``Gene A. Cretz, Ambassador``."""
    if m is None:
        return None, None
    text = " ".join(_CLASSIFIED_BY_TAIL_RE.match(pre, m.start("v"))["v"].replace("\xa0", " ").split())
    value = _VALUE_HEAD_RE.sub("", REASON_RE.sub("", text)).strip(" .,;:-")
    value = re.sub(r"(?i)[ ]+(?:for|per|-)$", "", value).strip(" .,;:-")
    if not value:
        return None, None
    if "," in value:
        head, tail = (p.strip(" .,") for p in value.split(",", 1))
        if tail.upper().split(",")[0].strip(" .") in _SUFFIXES:  # "THOMAS W. SIMONS, JR., AMBASSADOR"
            suffix, _, tail = tail.partition(",")
            head, tail = f"{head}, {suffix.strip()}", tail.strip(" .,")
        if _is_name(head.split()) and not _is_name(tail.split()):
            return head, tail or None
    words = value.split()
    mixed = value != value.upper()
    k = len(words)
    while k > 0 and (_is_name_word(words[k - 1].strip(",;"), mixed=mixed) or words[k - 1].upper().strip(",") in _SUFFIXES):
        k -= 1
    name_words = words[k:]
    if len(name_words) > 4:
        name_words, k = name_words[-4:], len(words) - 4
    if len(name_words) < 2 and k > 0:
        if all(_is_title_word(w) for w in words):
            return None, value  # "Charge d'Affaires": a title, no name
        return value, None
    title = " ".join(words[:k]).strip(" ,;") or None
    return " ".join(name_words).strip(" ,;") or None, title


_CAMEL_RE = re.compile(r"[a-z][A-Z]")


def _is_title_word(w: str) -> bool:
    low = w.lower().strip(".,;")
    return (low in _TITLE_WORDS or low.startswith(("ambass", "represen", "counsel", "coun/", "minist"))
            or any(p in _TITLE_WORDS for p in low.split("-") if p and "-" in low))


def _is_name_word(w: str, *, mixed: bool) -> bool:
    """A word of a person's name: capitalised, not a title word, not ``PolCouns``; in a
    mixed-case line not an abbreviation in capitals either (``DCM``, ``POL``)."""
    if not _NAME_WORD_RE.match(w) or _is_title_word(w) or _CAMEL_RE.search(w.replace("Mc", "").replace("Le", "")):
        return False
    return not (mixed and len(w) >= 2 and w.isalpha() and w.isupper() and w not in ("II", "III", "IV"))


def _is_name(words: list[str]) -> bool:
    mixed = " ".join(words) != " ".join(words).upper()
    return 2 <= len(words) <= 5 and all(
        _is_name_word(w.strip(","), mixed=mixed) or w.upper().strip(",") in _SUFFIXES for w in words)


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
        try:
            return date(y, d, mo)  # a day-first date (25/12/2015)
        except ValueError:
            return None


def _search_from(rx: re.Pattern, text: str, word: str) -> re.Match | None:
    """``rx.search(text)`` for a pattern whose every match starts with ``word`` in any case:
    begun at ``word``'s first occurrence (a str.find, far faster than the regex scan)."""
    low = ascii_lower(text)
    if low is None:
        return rx.search(text)
    i = low.find(word if isinstance(low, str) else word.encode("ascii"))
    return rx.search(text, i) if i != -1 else None


def declassify_on(pre: str) -> tuple[re.Match | None, date | None]:
    """The E.O. line and the date it says to declassify on."""
    eo = EO_RE.search(pre)
    decl = _search_from(DECL_RE, eo["eo"], "decl") if eo else None
    if decl is None:
        decl = _search_from(DECL_RE, pre, "decl")
    return eo, decl_date(decl)
