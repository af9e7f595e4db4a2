"""Whether a paragraph reads as a forum user's own prose rather than a cable's.

Forum prose and cable prose differ in register: a user writes for himself and to the
thread's readers (I, my, you), in contractions (don't, it's), chat words (lol, honestly),
exclamations and questions; a cable writes for its offices (Embassy, Post, reftel, the
Minister), in acronyms (GOL, MFA), in numbered, portion-marked paragraphs. Quoted speech
inside a cable talks like a user, so what is between quotation marks is not read.

Cables do use "I" (an ambassador's comment) and "you" (a scenesetter, a letter quoted
whole): one class of marker is never enough, and a cable's own words weigh against them.
``bench/prose_register.py`` measures the false-positive rate over every paragraph of the
tuning part's cables. The words are a data file (``prose_words.txt``).

Pure. ``ends`` and ``tails`` ask it about text after a cable's last strong evidence only.
"""

from __future__ import annotations

import re
from importlib import resources


def _load() -> dict[str, frozenset[str]]:
    """The word classes of ``prose_words.txt``: {"first": ..., "second": ..., ...}."""
    out: dict[str, set[str]] = {}
    cur: set[str] | None = None
    for raw in resources.files(__package__).joinpath("prose_words.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            cur = out.setdefault(line[1:-1], set())
        elif line and cur is not None:
            cur.update(line.split())
    return {k: frozenset(v) for k, v in out.items()}


_WORDS = _load()
# Word -> class, lowercased for the classes that match in any case ("I" is looked up as written).
_ANY_CASE = {w.lower(): cls for cls in ("first", "second", "talk") for w in _WORDS[cls] if w != "I"}
_FORMAL = _WORDS["formal"]


# A word, with an apostrophe inside ("don't", "I'm", "Italy's"; a cable's "Lula,s" is two words).
_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")

# A contraction: a cable's apostrophe is often a comma ("GOAJ,s"), and cable prose writes
# "do not", "it is"; users write "don't", "it's", "they're".
_CONTRACTION_RE = re.compile(r"(?:n['’]t|['’](?:re|ve|ll|m|d))$|^(?:it|that|there|here|what|let|he|she|who)['’]s$", re.I)

# What is not read: quoted speech, which in a cable is a source's own words in any register
# (between double quotes, typographic quotes, a cable's "&...8" (its telegraphic quote
# marks), two single quotes); lowercase roman numerals ("i.e.", "(ii)"), which are no "i".
# (Each looked for only when its literal is in the text: most paragraphs have none.)
_QUOTED_RE = re.compile(
    r"""
      "+[^"]{0,800}"+               # "...", ""..."" (a CSV's doubled quotes)
    | “[^”]{0,800}”                 # typographic
    | ''[^']{0,800}''               # two single quotes
    """,
    re.VERBOSE,
)
_AMP_QUOTED_RE = re.compile(r"&[^&\n]{0,800}?8(?![0-9])")  # the cables' &...8 quote marks
_ROMAN_RE = re.compile(r"\bi\.e\.|\(?\b[ivx]{1,4}\)")  # i.e., (i), ii)


def _unquoted(s: str) -> str:
    """``s`` without its quoted speech and roman numerals. A block may start or end inside
    a quotation broken across blocks: a first quote mark that closes one (after a word or
    a stop) drops what comes before it; an odd last quote mark, what comes after it."""
    if '"' in s:
        q = s.find('"')
        if q > 0 and s[q - 1] not in " \t\xa0\n(":
            s = s[q + 1 :]  # its first quote mark closes a quotation opened before the block
        if s.count('"') % 2:
            s = s[: s.rfind('"')]  # it opens a quotation it does not close
    if '"' in s or "“" in s or "''" in s:
        s = _QUOTED_RE.sub(" ", s)
    if "&" in s:
        s = _AMP_QUOTED_RE.sub(" ", s)
    if ")" in s or "i.e." in s:
        s = _ROMAN_RE.sub(" ", s)
    return s


# A question mark that ends a question (after a word, before a space or the end), not one
# that stands for a character the cable's copy lost ("migrants? shelter", "you ? after").
_QUESTION_RE = re.compile(r"(?<=[A-Za-z)])\?(?=[ \t\xa0]+[A-Z]|[ \t\xa0]*$)")

# A sentence that starts in lowercase, inside the block: users type that way, cables do
# not. Not after an abbreviation (a one-letter word: "e.g.", "U.S."; "etc.", "No.").
_LOWER_START_RE = re.compile(r"[.!?][ \t\xa0]+[a-z]")
_ABBREVIATIONS = ("etc", "vs", "No", "no", "approx", "Mr", "Ms", "Dr", "St")


def _lower_starts(t: str) -> int:
    n = 0
    for m in _LOWER_START_RE.finditer(t):
        p = m.start()
        if p >= 2 and t[p - 1].isalpha() and not t[p - 2].isalpha():
            continue  # "U.S. does", "e.g. the"
        if t[max(0, p - 6) : p].endswith(_ABBREVIATIONS):
            continue
        n += 1
    return n


# An acronym in capitals: a cable's offices and governments (GOL, MFA, USG, PolOff's "A/S").
_ACRONYM_RE = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
# Acronyms any reader writes too.
_COMMON_ACRONYMS = frozenset("OK TV US USA UK EU UN CIA FBI NATO LOL WTF OMG IMO IMHO BTW FWIW NOT".split())

# A paragraph's number or portion marking, a bullet's or a rule's dashes: the cable's own
# paragraph, whatever it says (a user's paragraph starts with a word).
MARKED_RE = re.compile(r"[ \t\xa0]*(?:¶|[0-9]{1,3}\.|[A-Za-z]\.[ \t\xa0]|[ivx]{1,4}\.|\([A-Za-z/]{1,8}\)|[0-9]{1,2}\)|-)")

# Inside the block: a pilcrow, a heading's rule ("-----", "- - -"), a redaction: cable text run into one block.
_CABLE_INSIDE_RE = re.compile(r"¶|-----|- - - |XXXXXX")


def register(s: str) -> tuple[int, int, int]:
    """(classes, user points, cable points) of ``s``, quoted speech left out.

    Classes: first person, second person, contractions, chat words, and one for "!", "?"
    and a sentence started in lowercase. Points: one a marker (two a contraction or chat word, which cable
    prose hardly has); cable points: one a formal word or an acronym of the cable's.
    """
    t = _unquoted(s)
    first = second = contr = talk = formal = 0
    for w in _TOKEN_RE.findall(t):
        # (a word in capitals is looked up as written: "ME" is the Middle East, "MY" a TAGS code)
        cls = "first" if w == "I" else _ANY_CASE.get(w if w.isupper() else w.lower())
        if cls == "first":
            first += 1
        elif cls == "second":
            second += 1
        elif cls == "talk":
            talk += 1
        elif w in _FORMAL:
            formal += 1
        elif ("'" in w or "’" in w) and _CONTRACTION_RE.search(w) is not None:
            contr += 1
        elif w == "i":
            first += 1  # all lowercase: "honestly i dont know"
    marks = t.count("!") + len(_QUESTION_RE.findall(t))
    lower = _lower_starts(t)
    acronyms = sum(1 for m in _ACRONYM_RE.findall(t) if m not in _COMMON_ACRONYMS and not m.startswith("XX"))
    # (exclamations, questions and lowercase starts are one class: a questionnaire has both)
    classes = (first > 0) + (second > 0) + (contr > 0) + (talk > 0) + (marks + lower > 0)
    user = first + second + 2 * contr + 2 * talk + marks + lower
    return classes, user, formal + acronyms


def reads_as_user(s: str, *, strict: bool = False, typed: bool = False) -> bool:
    """Whether ``s`` (a paragraph, or one long line) reads as a forum user's own prose.

    Two classes of the user's markers at least and three points, and the cable's own words
    (if any) outweighed four to one and more; never a numbered or portion-marked paragraph,
    nor one with a heading's rule or a pilcrow inside. ``strict`` (where the answer cuts a
    cable's body short, not merely its last lines): three classes and none of the cable's
    words (over the tuning part, none of 44,144 cable paragraphs of 120+ characters).
    ``typed`` (where the layout already says the text was typed, not pasted: one line far
    longer than the wrapped cable above it): one class and two points are enough, with none
    of the cable's words.
    """
    if MARKED_RE.match(s) is not None or _CABLE_INSIDE_RE.search(s) is not None:
        return False
    classes, user, cable = register(s)
    if strict:
        return classes >= 3 and cable == 0
    if typed and cable == 0 and user >= 2:
        return True
    return classes >= 2 and user >= 3 and (cable == 0 or user >= 4 * cable + 2)


# Two sentences or more in capitals on one line: "THIS IS BIG. READ IT." (a stop after a
# word, then the next sentence's capital).
_CAPS_SENTENCES_RE = re.compile(r"[A-Z]{2}[.!?][ \t\xa0]+[A-Z][^\n]*[.!?]$")


def shouts(line: str, others: list[str]) -> bool:
    """Whether ``line``, in capitals, is a forum user's shout rather than a line of a cable's
    top (a wrapped SUBJECT, an office line, a caveat), given the other lines of its block.

    A shout is words in capitals, no office's slash ("EUR/WE"), no cut ("OF ..."), and it is
    written as sentences: two of them or more on the line ("THIS IS BIG. READ IT."), or it
    stands with a sentence in mixed case of the user's in the same few lines ("Look at the
    date." / "WAKE UP"). (Over the tuning part's 30,523 top blocks, no short block of a
    cable's top has such a line: its lines in capitals are labels, offices, subjects.)
    The caller rules out the top's labels and office lines first (``blocks.TOP_LABEL_RE``).
    """
    if line != line.upper() or "/" in line or line.endswith(("..", "…")) or line.count(" ") < 1:
        return False
    if _CAPS_SENTENCES_RE.search(line) is not None:
        return True
    return any(o[:1].isupper() and o != o.upper() and o[-1:] in ".!?" for o in others)
