"""The speed paths give exactly what the plain code they stand in for gives.

``scan.class_anywhere`` must yield ``CLASS_ANYWHERE_RE.finditer``'s matches, and the ASCII
stand-in for ``lower()`` in ``sections`` must find words at the same offsets, on real cables
and on texts made to hit their edges (chunk boundaries, spaced levels, the non-ASCII letters
a case-blind regex matches).
"""

from __future__ import annotations

import random

import pytest

from cable_corpus_util import VIEWS, load_corpus
from scraper.cables import classification as cl
from scraper.cables import sections
from scraper.cables.scan import CI_EXTRA, _FIRST_CHUNK, class_anywhere


def _spans(matches):
    return [(m.span(), m.groups()) for m in matches]


def _same(text: str, start: int = 0, end: int | None = None) -> None:
    end = len(text) if end is None else end
    want = _spans(cl.CLASS_ANYWHERE_RE.finditer(text, start, end))
    assert _spans(class_anywhere(cl.CLASS_ANYWHERE_RE, text, start, end)) == want, (text[:200], start, end)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    render = VIEWS["header+body"][0]
    return [render(r)[0] for r in load_corpus()[:400]]


def test_class_anywhere_matches_finditer_on_real_cables(texts):
    for text in texts:
        _same(text, 0, min(len(text), 12_000))
        _same(text, 37, min(len(text), 3000))
        body = text.replace("\xa0", " ")
        _same(body, len(body) // 3)


LINES = [
    "C O N F I D E N T I A L MEXICO 000123",
    "SS E C R E T NAIROBI 001938",
    "UNCLAS SECTION 01 OF 03 RIO DE JANEIRO 000023",
    "s e c r e t tashkent 004223",
    "Confidential\nANKARA 008305S/CT FOR",
    "xUNCLAS KABUL 1234",  # glued to a letter: not a match
    "A B C D E F G H LONDON 12345",
    "UNCLASSIFIED E F T O SECTION 1 OF 2\n\nSTATE 123456",
]


@pytest.mark.parametrize("line", LINES)
def test_class_anywhere_at_every_chunk_edge(line):
    for edge in (_FIRST_CHUNK, _FIRST_CHUNK * 5):
        for pad in range(edge - len(line) - 2, edge + 3):
            for filler in ("x", " ", "\n", "¶", "\u2019"):
                text = filler * pad + line + " tail SECRETARY 2009 " + line
                _same(text)
                _same(text, 1, len(text) - 3)


def test_class_anywhere_on_random_texts():
    rng = random.Random(8)
    pieces = ["C", "O", "N", "S", "E", "R", "T", "U", "L", "A", " ", " ", "  ", "\n", "0", "12345", "¶",
              "SECRET", "unclas", "NCLAS", "CONFIDENTIAL", "MEXICO", "RIO DE JANEIRO", "\xa0", "SECTION 1 OF 2"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 400)))
        _same(text, rng.randint(0, 5), len(text) - rng.randint(0, 5))


@pytest.mark.parametrize("extra", CI_EXTRA)
def test_class_anywhere_with_letters_a_case_blind_regex_folds(extra):
    for text in (f"c o n f i d {extra} n t i a l MEXICO 000123", f"{extra}ECRET LIMA 1234",
                 f"x {extra} UNCLAS LIMA 12345", "padding " * 80 + f"SE{extra}RET LIMA 1234"):
        _same(text)


def _find_classified_by_plain(pre: str):
    """The plain version: ``pre.lower()`` searched for "lassified"."""
    low = pre.lower()
    i = low.find("lassified")
    while i != -1:
        if i > 0 and pre[i - 1] in "Cc" and (m := sections.CLASSIFIED_BY_RE.match(pre, i - 1)) is not None:
            return m
        i = low.find("lassified", i + 1)
    return None


@pytest.mark.parametrize("front", ["", "¶1. ", "\u2019quoted\u201d ", "\u0130stanbul ", "\u212a ", "\u017f ", "\u0131 "])
def test_ascii_lower_finds_what_lower_finds(front):
    for pre in (f"{front}CLASSIFIED BY: Ambassador Jane Doe, reasons 1.4 (b)",
                f"{front}x" * 3 + "Classified by: DCM John Roe for reason 1.4(d)",
                f"{front}clas\u017fified By: A. Person", f"{front}Subject: a thing\nTAGS: PREL, PGOV"):
        want = _find_classified_by_plain(pre)
        got = sections.find_classified_by(pre)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
        for rx, word in ((sections.SUBJECT_RE, "subj"), (sections.DECL_RE, "decl"), (sections.TAGS_INLINE_RE, "tags")):
            a, b = sections._search_from(rx, pre, word), rx.search(pre)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def _paragraph_marks_plain(nb: str):
    """The plain version: the three regex scans, then sorted and overlaps dropped."""
    from scraper.cables import paragraphs as pg
    marks = [(m.start(), m.end(), m["n"]) for m in pg._PILCROW_PARAGRAPH_RE.finditer(nb)]
    marks += [(m.start("n"), m.end(), m["n"]) for m in pg._LINE_PARAGRAPH_RE.finditer(nb)]
    for m in pg.INLINE_PARAGRAPH_RE.finditer(nb):
        i = j = m.start()
        while j > 0 and j > i - 2 and nb[j - 1].isdigit():
            j -= 1
        if j < i and (j == 0 or nb[j - 1] in " \t\xa0"):
            marks.append((j, m.end(), nb[j:i]))
    out = []
    for mk in sorted(set(marks)):
        if not out or mk[0] >= out[-1][1]:
            out.append(mk)
    return out


def test_paragraph_marks_and_subject_end_on_random_texts():
    from scraper.cables import paragraphs as pg
    rng = random.Random(9)
    pieces = ["\n", " ", "\xa0", "\t", "1", "12", "123", "\u00b2", ".", " (C)", "(U)", "\u00b6", "\u00b6 3.", "A", "x",
              "(S/NF)", "\n\n", "7.", "REF", "ref:", "PROGRAM ", "Classified By", "\u017f", "TAGS", "E.O. 12958",
              "Summary:", "\u2019", "REFTEL "]
    for _ in range(6000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        assert pg.paragraph_marks(t) == _paragraph_marks_plain(t), t
        a, b = sections._subject_end(t), sections.SUBJECT_END_RE.search(t)
        assert (a and a.span()) == (b and b.span()), t
