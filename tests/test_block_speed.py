"""The splitter's speed paths in ``blocks`` and ``paragraphs`` give what the plain code gives.

Each test holds the plain version (the code as it was before the speed change) and checks the
fast one against it on real cable lines (the corpus) and on texts made to hit the edges of
the shortcut (page-break lines with blanks, ``\\r`` or a newline after them, ``[code]`` tags
and ``<br>`` lines, non-Latin-1 characters).
"""

from __future__ import annotations

import random
import re

import pytest

from cable_corpus_util import VIEWS, load_corpus
from scraper.cables import blocks, paragraphs
from scraper.cables.textspan import WS

# The page-break branch as it stood inside _STRONG_RE, before it was taken out behind a digit test.
_PLAIN_PAGE_BREAK = re.compile(
    r"[ \t\xa0]*(?:\[code\])?[A-Za-z][A-Za-z .'-]{1,30}[ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[ ]?[0-9])?"
    r"[ \t\xa0]+(?i:of)[ \t\xa0]+[0-9]{3}[ \t\xa0]*(?:\n|$)")


# blocks._STRONG_RE as it was before each branch was made to start with a character or a set.
_STRONG_PLAIN = re.compile(
    rf"""
    [ \t\xa0]*(?:\[code\]|)(?:
        ¶[ \t\xa0]*[0-9A-Za-z]{{1,4}}\.?
      | [0-9]{{1,3}}\.?[ \t\xa0]*\({blocks._MARKINGS}\)
      | [A-Z]\.[ \t\xa0]*\({blocks._MARKINGS}\)
      | \({blocks._MARKINGS}\)[ \t\xa0]+[A-Z][^\n]{{70}}
      | -{{3,}}(?:\.{{2,3}}|…|)[ \t\xa0]*(?:\n|$) | \*{{5,}} | ={{5,}}
      | (?:-[ \t\xa0]){{5,}}
      | -{{5,}}[ \t\xa0]*header[ \t\xa0]+ends
      | X{{6,}}
      | DE[ \t\xa0]+[A-Z]{{4,6}}[ \t\xa0]+\#[0-9]{{3,4}} | ZN[YR][ \t\xa0]+[A-Z]{{5}}\b
      | //[A-Z][A-Z0-9 ,.'&/-]{{2,60}}//[ \t\xa0]*(?:\n|$)
      | (?:-{{3,}}[ \t\xa0]*|\*{{3,}}[ \t\xa0]*|)[“"]?(?:[Vv]isit|Please[ \t\xa0]+visit)[ \t\xa0][^\n]{{0,60}}(?:Classified|sgov\.gov)
      | (?:NNNN|End[ \t\xa0]+Cable[ \t\xa0]+Text)[ \t\xa0]*(?:\n|$) | Declassified/Released
      | \(?(?i:END[ \t\xa0]+(?:SUMMARY|COMMENT|TEXT|NOTE))\b[^A-Za-z\n]{{0,3}}(?:\n|$)
      | [Ee](?i:ND[ \t\xa0]+(?:OF[ \t\xa0]+)?(?:[A-Z/-]+[ \t\xa0]+){{0,2}}(?:TEXT|POINTS|NON-?PAPER|TRANSLATION|APPENDIX|QUOTE|LETTER|STATEMENT|SUBMISSION|RELEASE|REMARKS)(?:[ \t\xa0]+OF[ \t\xa0]+[^\n]{{1,50}})?)[ \t\xa0]*[.)]{{0,2}}[ \t\xa0]*(?:\n|$)
    )
    """,
    re.VERBOSE,
)


def _strong_plain(line: str) -> bool:
    return (_STRONG_PLAIN.match(line) is not None or _PLAIN_PAGE_BREAK.match(line) is not None
            or line.rstrip(WS).endswith("-----"))


def _clean_body_plain(body: str) -> str:
    nb = paragraphs.remove_page_breaks(body.replace("\xa0", " ").replace("[code]", "").replace("[/code]", ""))
    return "\n".join(map(str.rstrip, nb.strip().split("\n")))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    render = VIEWS["header+body"][0]
    records = load_corpus()
    paged = [r for r in records if " OF 00" in r["body"]]  # cables with page breaks ("002 OF 003")
    return [render(r)[0] for r in records[:150] + paged[:150]]


def test_strong_and_clean_body_on_real_cables(texts):
    breaks = 0
    for text in texts:
        assert paragraphs.clean_body(text) == _clean_body_plain(text)
        for line in text.split("\n"):
            assert blocks.strong(line) is _strong_plain(line), line
            breaks += _PLAIN_PAGE_BREAK.match(line) is not None
    assert breaks > 50  # the real page-break lines are among them


PIECES = ["MEXICO", " ", "  ", "\xa0", "\t", "00000023", "002", "OF", "of", "003", "001.2", ". 5", "\r", "\n",
          "[code]", "[/code]", "<br>", "RIO DE JANEIRO", "x", "-----", "(C)", "1.", "\u2019", "¶", "[", "<",
          # the starts of _STRONG_RE's other branches
          "---", "- ", "***", "*****", "=====", "XXXXXX", "X", "NNNN", "End Cable Text", "(END COMMENT", "eNd text",
          "Visit x Classified", "Please visit ", "\u201c", '"', "header ends", "DE RUEHME #123", "ZNY SSSSS", "//AB//",
          "Declassified/Released"]


def test_strong_and_clean_body_on_made_texts():
    rng = random.Random(5)
    for _ in range(6000):
        line = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        assert blocks.strong(line) is _strong_plain(line), repr(line)
        assert paragraphs.clean_body(line) == _clean_body_plain(line), repr(line)
    for line in ("MEXICO 00000023  002 OF 003", "  Mexico 00000023 002 of 003 \xa0", "[code]LIMA 00000001 001 OF 002\t",
                 "MEXICO 00000023  002 OF 003\r", "MEXICO 00000023  002 OF 003\nmore", "MEXICO 00000023  002 OF 003 x"):
        assert blocks.strong(line) is _strong_plain(line), repr(line)


def test_first_line_paragraph_is_the_search_up_to_endpos():
    rng = random.Random(6)
    pieces = ["\n", " ", "\xa0", "\t", "1", "12", "123", ".", " (C)", "(", "A", "a", "x", "\n\n", "7. ", "¶"]
    for _ in range(6000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        for endpos in {0, 1, len(t) // 2, len(t) - 1, len(t), rng.randint(0, len(t))}:
            want = paragraphs._LINE_PARAGRAPH_RE.search(t, 0, endpos)
            got = paragraphs.first_line_paragraph(t, endpos)
            assert (got and got.span()) == (want and want.span()), (t, endpos)


# --- scan.first_chars: the gates before anchors._anchor_at's regexes ----------------------
from scraper.cables import anchors  # noqa: E402
from scraper.cables.scan import CI_EXTRA, first_chars  # noqa: E402

_GATED = {name: getattr(anchors, name) for name in (
    "CSV_ROW_RE", "META_RE", "HEADER_RE", "DTG_HEADER_RE", "CLASS_LINE_RE", "CABLE_DATED_RE", "PARTIAL_RE",
    "VIEWING_RE", "DATE_LINE_RE", "_DUMP_RE", "PAGE_ONE_RE", "META_LOOSE_RE", "WRAPPER_RE", "EXCERPT_RE", "_EXCERPT_START_RE")}


def test_first_chars_of_small_patterns():
    assert first_chars(re.compile(r"[ \t]*(?:\[code\]|)(?i:ab)")) == frozenset(" \t[aA") | frozenset(CI_EXTRA)
    assert first_chars(re.compile(r"^(?=A)B|C+|[0-2]")) == frozenset("BC012")
    assert first_chars(re.compile(r"(?i:s)")) >= {"s", "S", "\u017f"}
    for anything in (r"x?", r"\s", r"[^a]", r".", r"(?:x|)\w", r"(?:a|)"):
        assert first_chars(re.compile(anything)) is None, anything


def test_a_gated_regex_matches_only_where_its_first_chars_allow(texts):
    lines = [t for text in texts for t in (text, text.replace("\n", "\n  "), text.lower(), text.upper())]
    made = ["\u017fecret LIMA 1234", "\u0130D: 12", "c o n f i d e n t i a l LIMA 000123", "[code]UNCLAS LIMA 1234",
            "\xa0 12345\n2009-01-01 10:00\n09LIMA12\n", "Tuesday, 23 May 2006, 11:53", '"06MEXICO1234",', "...id: 1234",
            "¶8. Text", "[code]¶8. x", " 3.(SBU) x", "12. (C) x", "\t1. (S/NF) x"]
    matched = 0
    for name, rx in _GATED.items():
        first = first_chars(rx)
        assert first is not None, name  # each of them is narrowed
        for text in lines + made:
            for ls in [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]:
                if rx.match(text, ls) is not None:
                    matched += 1
                    assert text[ls : ls + 1] in first, (name, text[ls : ls + 60])
    assert matched > 500


# --- signers.candidates: the first-character gate before the trailer and signer-line regexes --
from scraper.cables import signers  # noqa: E402


def _candidates_plain(text: str, a: int, b: int) -> list:
    """signers.candidates as it was before the gate: both regexes asked at every short line."""
    found = []
    starts = [a] if text.find("\n", a, min(b, a + 101)) != -1 or b - a <= 100 else []
    starts += [m.end() for m in signers._SHORT_LINE_RE.finditer(text, a, b)]
    for ls in starts:
        le = text.find("\n", ls, b)
        le = b if le == -1 else le
        if (m := signers.TRAILER_RE.match(text, ls, le)) is not None:
            found.append((ls, "trailer", m))
        elif le - ls <= 48 and (m := signers.SIGNER_LINE_RE.match(text, ls, le)) is not None:
            found.append((ls, "line", m))
    if text.find("NNNN", a, b) != -1 or text.find("Cable", a, b) != -1:
        found += [(m.start(), "trailer", m) for m in signers._TRAILER_TAIL_RE.finditer(text, a, b)]
    found += [(m.start(), "tail", m) for m in signers._SIGNER_TAIL_M.finditer(text, a, b)]
    found.sort(key=lambda x: x[0])
    if text.find(" van ", (z := max(a, b - 60)), b) != -1 or text.find(" JR", z, b) != -1:
        found += [(m.start(), "tail", m) for m in signers._RARE_TAIL_RE.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    if text.find("lassified W", a, b) != -1 or text.find("lassified w", a, b) != -1:
        found += [(m.start("name"), "tail", m) for m in _FOOTER_TAIL_PLAIN.finditer(text, a, b)]
        found.sort(key=lambda x: x[0])
    return found


# signers._FOOTER_TAIL_RE as it was: "(?i:visit)" first, which ``re`` cannot skip ahead to.
_FOOTER_TAIL_PLAIN = re.compile(
    r"""(?i:visit)[^\n]{0,80}?(?i:classified)[ \t\xa0]*(?i:web)[^\n]*?[ \t\xa0]
    (?P<name>[A-Z][A-Z'-]{2,}|(?:Mc|Mac|Le|De|)[A-Z][a-z]{2,}|(?:Mc|Mac)[A-Z]{2,})[ \t\xa0]*"?[ \t\xa0]*$""",
    re.VERBOSE | re.MULTILINE,
)


def _spans(found: list) -> list:
    return [(pos, kind, m.span()) for pos, kind, m in found]


def test_candidates_gate_gives_the_plain_candidates(texts):
    assert not signers._ANY_FIRST  # both patterns are narrowed, so the gate is in use
    rng = random.Random(7)
    names = 0
    for text in texts:
        for a, b in blocks.split_blocks(text, 0, len(text)):
            assert _spans(signers.candidates(text, a, b)) == _spans(_candidates_plain(text, a, b))
            names += any(kind == "line" for _, kind, _ in _candidates_plain(text, a, b))
        for _ in range(5):  # blocks cut anywhere, empty ones too
            a = rng.randint(0, len(text))
            b = rng.randint(a, min(len(text), a + 400))
            assert _spans(signers.candidates(text, a, b)) == _spans(_candidates_plain(text, a, b)), (a, b)
    assert names > 20  # real signer lines are among them
    pieces = ["GARZA", "van Voorst", "Leslie BASSETT", "NNNN", "nnnn", "End Cable Text", "\n", " ", "\xa0", "\t", "x",
              "1. (C)", "\"", "== CABLE ENDS ==", "EPET @ EL PAÍS", "PREL @ EL PAIS", "@", "Declassified/Released x",
              "Track impresión: x", "\u017f", "\u0130", "\u212a", "de", "(", "ok", "."]
    for _ in range(4000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        for a, b in {(0, len(t)), (1, len(t)), (0, len(t) - 1), (len(t), len(t))}:
            a, b = max(a, 0), max(b, 0)
            assert _spans(signers.candidates(t, a, b)) == _spans(_candidates_plain(t, a, b)), (t, a, b)


def test_strong_gate_is_in_use_and_exact_on_any_first_character(texts):
    # blocks.strong asks _STRONG_RE only where the line's first character is in _STRONG_FIRST;
    # _strong_plain (above) asks it always. Every line of the corpus texts, and lines made to
    # start with each character a match may start with (the case-blind extras too) and others.
    assert blocks._STRONG_FIRST is not None and "x" not in blocks._STRONG_FIRST
    rests = ["", "1. (C) x", "nd comment.", "ND SUMMARY", "isit http://x Classified", "------", "XXXXXX", "(C) " + "A" * 80,
             "----- header ends", "- - - - - x", "- - - -", "*****", "****", "=====", "====", "NNNN", "End Cable Text", "(END COMMENT)",
             "eNd SUMMARY.", "Visit x Classified", "--- Please visit http://x sgov.gov", '"Visit x Classified', "\u201cVisit x sgov.gov",
             "***Visit x Classified", "**Visit x Classified", "-- Visit x Classified", "DE RUEHME #1234", "ZNY SSSSS",
             "//YOUR MEETINGS//", "Declassified/Released", "123. (C)", "1234. (C)", "12 (SBU)", "XXXXX", "-- ", "---\n", "-----...", "---..", "---….", "--...", "---....", "-----... \n"]
    firsts = sorted(blocks._STRONG_FIRST) + ["x", "\u2019", "$", "\n", "\r", "\u017f", "\u0130", "\u212a", "é"]
    lines = [f + r for f in firsts for r in rests] + [line for text in texts for line in text.split("\n")]
    skipped = 0
    for line in lines:
        assert blocks.strong(line) is _strong_plain(line), repr(line)
        skipped += line[:1] not in blocks._STRONG_FIRST
    assert skipped > 1000  # the gate does skip lines of real cables


# --- refs._ref_label_end: the label found from its letters, then matched ------------------
from scraper.cables import refs  # noqa: E402


def _ref_label_end_plain(text: str) -> int | None:
    """refs._ref_label_end as it was: the case-blind regex scanned over the whole text."""
    for m in refs._REF_LABEL_TAIL_RE.finditer(text):
        if m.start() == 0 or text[m.start() - 1] not in refs._ASCII_LETTERS:
            return m.end()
    return None


def test_ref_label_end_is_the_plain_scan(texts):
    found = 0
    for text in texts:
        for t in (text, paragraphs.clean_body(text)[:6000], text.lower(), text.replace("REF", "\u017fREF")):
            assert refs._ref_label_end(t) == _ref_label_end_plain(t)
            found += _ref_label_end_plain(t) is not None
    assert found > 100  # real REF labels are among them
    rng = random.Random(8)
    pieces = ["REF", "ref", "Ref", "rEf", "REFS", "REF(S)", "REFTEL", "reftels", "REFERENCE", "references", ":", ".", " ",
              "\xa0", "\t", "A.", "B)", "1", "(", "X", "x", "TEL", "\u017f", "\u212a", "\u0130", "\u20ac", "\n", "PROGRAM "]
    for _ in range(6000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert refs._ref_label_end(t) == _ref_label_end_plain(t), repr(t)


# --- anchors._LINE_HINT_RE: a first-character lookahead right after the newline, and branches
# that each start with a character (set) ---------------------------------------------------
# The scan as it was: the blanks' repeat and the "[code]" group first, then one lookahead
# whose set also held "t" and "f", which no branch starts with; then the branches as they
# were written before each was made to start with a character or a set of them.
_LINE_HINT_PLAIN = re.compile(
    r"""
    \n[ \t\xa0]*(?:\[code\]|)(?=[0-9<VRPOZ".UuNCcOSsETtIiMWFfAP])
    (?: (?=[0-9<])(?: [0-9]{1,7}(?:,|[ \t\xa0]*\r?\n|[ \t]+[0-9])
                  | <<[0-9] | [0-9]{1,2}:[0-9]{2},
                  | [0-9]{2}[ ]?[A-Z]{3,30}[ ]?[0-9]{1,7}[ \t\xa0\r]*[\n,\t] )
      | VZCZC
      | (?=[RPOZ])(?:[RPOZ][ \t\xa0]+){1,2}[0-9]{6}Z
      | (?=[".UuNCcOSsE])[".]?(?: (?i:u?nclas) | C(?:[ ]?C)?[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f)
               | O[ ]N[ ]F[ ]I | S?S[ ]?E[ ]?C[ ]?R | E[ ]C[ ]R[ ]E | (?i:s[ ]e[ ]c[ ]r) )
      | This[ ]record
      | Viewing[ ]cable
      | (?:\.{3})?id:[ ]*[0-9]
      | Cable[ ]dated:
      | (?=[MTWFS])(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,
      | (?=[IAO])(?:(?:INFO|ACTION|ORIGIN)[ \t\xa0]+[A-Z]{1,6}-[0-9]
                  | ID:[ ]?[0-9]{1,7}[ ]Cable
                  | ID:[ \t\xa0]*[0-9]{1,7}[ \t\xa0\r]*\n)
      | Telegram[A-Z] | From: | Sent: | CLASSIFICATION: | Class:
      | PAGE[ \t\xa0]+0?1[ \t\xa0]
    )
    """,
    re.VERBOSE,
)


# The scan before its branches were grouped by their first character (and its blanks' repeat
# made possessive): the same matches, to the same ends.
_LINE_HINT_BEFORE = re.compile(
    r"""
    \n(?=[ \t\xa0\[0-9<VRPOZ".UunNCcSsETiMWFIA])
    [ \t\xa0]*(?:\[code\]|)(?=[0-9<VRPOZ".UunNCcSsETiMWFIA])
    (?: [0-9][0-9]{0,6}(?:,|[ \t\xa0]*\r?\n|[ \t]+[0-9])
      | <<[0-9] | [0-9][0-9]?:[0-9]{2},
      | [0-9][0-9][ ]?[A-Z]{3,30}[ ]?[0-9]{1,7}[ \t\xa0\r]*[\n,\t]
      | VZCZC
      | [RPOZ][ \t\xa0]+(?:[RPOZ][ \t\xa0]+|)[0-9]{6}Z
      | [".](?: (?i:u?nclas) | C(?:[ ]?C)?[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f)
               | O[ ]N[ ]F[ ]I | S?S[ ]?E[ ]?C[ ]?R | E[ ]C[ ]R[ ]E | (?i:s[ ]e[ ]c[ ]r) )
      | [Uu](?i:nclas) | N(?i:clas) | C(?:[ ]?C)?[ ]?O[ ]?N[ ]?F | [Cc](?i:[ ]o[ ]n[ ]f)
      | O[ ]N[ ]F[ ]I | SS[ ]?E[ ]?C[ ]?R | S[ ]?E[ ]?C[ ]?R | E[ ]C[ ]R[ ]E | [Ss](?i:[ ]e[ ]c[ ]r)
      | This[ ]record
      | Viewing[ ]cable
      | \.\.\.id:[ ]*[0-9] | id:[ ]*[0-9]
      | Cable[ ]dated:
      | Monday, | Tuesday, | Wednesday, | Thursday, | Friday, | Saturday, | Sunday,
      | INFO[ \t\xa0]+[A-Z]{1,6}-[0-9] | ACTION[ \t\xa0]+[A-Z]{1,6}-[0-9] | ORIGIN[ \t\xa0]+[A-Z]{1,6}-[0-9]
      | ID:[ ]?[0-9]{1,7}[ ]Cable | ID:[ \t\xa0]*[0-9]{1,7}[ \t\xa0\r]*\n
      | Telegram[A-Z] | From: | Sent: | CLASSIFICATION: | Class:
      | PAGE[ \t\xa0]+0?1[ \t\xa0]
    )
    """,
    re.VERBOSE,
)


def test_line_hint_scan_finds_what_the_plain_scan_finds(texts):
    def same(t: str) -> int:
        got = [m.span() for m in anchors._LINE_HINT_RE.finditer(t)]
        assert got == [m.span() for m in _LINE_HINT_PLAIN.finditer(t)], repr(t[:200])
        assert got == [m.span() for m in _LINE_HINT_BEFORE.finditer(t)], repr(t[:200])
        return len(got)

    assert sum(same(t) for text in texts for t in (text, text.replace("\n", "\n  "), text.lower())) > 300
    # Every branch of the scan starts with a character or a set (what ``re`` skips on one test).
    from re import _parser
    items = list(_parser.parse(anchors._LINE_HINT_RE.pattern, anchors._LINE_HINT_RE.flags))
    assert str(items[-1][0]) == "BRANCH"
    firsts = [str(branch[0][0]) for branch in items[-1][1][1]]
    assert set(firsts) <= {"LITERAL", "IN"}, firsts
    # Lines made to start with every character, after blanks and "[code]" too, then each hint's words.
    rests = ["", "12345,", "12345\n", "<<1", "12:30,", "09LIMA123\n", "VZCZC", "R 121212Z", "O O 121212Z", "UNCLAS",
             "unclas", "\"CONFIDENTIAL", "C O N F", "c o n f", "S E C R", "SSECR", "This record", "Viewing cable",
             "...id: 1", "id: 1", "Cable dated:", "Tuesday,", "INFO LOG-00", "ID:12 Cable", "TelegramX", "From:",
             "Sent:", "CLASSIFICATION:", "Class:", "PAGE 01 ", "tuesday,", "from:", "\u017fECRET", "\u0130D:1",
             "1:30,", "12:3,", "1234567,", "12345678,", "123 4", "1\r\n", "09 LIMA 1\t", "Monday,", "Wednesday,", "Saturday,",
             "Sunday,", "Thursday", "ACTION EUR-00", "ORIGIN SS-1", "INFO  A-", "Z 121212Z", "R\tO 121212Z", "RR 121212Z",
             "....id: 1", "..id: 1", ".id:1", "...id:x", "ID: 1234567 Cable", "ID:12345678 Cable", "ID: 190648\n", "ID:1 \r\n", "ID: 12345678\n", "PAGE 1\t",
             "NCLAS", "nClAs", "uNCLAS", "UUNCLAS", "CC O N F", "CCONF", "C ONF", "C O N F", "c O n F", "O N F I", "SS E C R",
             "S ECR", "SECR", "E C R E", "s E c R", "\u017f e c r", '"\u017f e c r', '"unclas', '.C O N F', '"SSECR', '""SECR']
    fronts = ["", " ", "\xa0\t", "[code]", " [code]"]
    chars = [chr(c) for c in range(32, 127)] + ["\xa0", "\t", "\n", "\r", "¶", "\u017f", "\u0130", "\u212a", "\u2019"]
    made = "\n".join(f + c + r for f in fronts for c in chars for r in rests)
    assert same("\n" + made) > 100
    rng = random.Random(9)
    pieces = rests + fronts + ["\n", "\n\n", "x", "T", "t", "f", "F"]
    for _ in range(3000):
        same("".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))))


def _lookahead_set(item) -> frozenset:
    """The characters of a ``(?=[...])`` item of a parse tree."""
    op, (direction, seq) = item
    assert str(op) == "ASSERT" and direction == 1 and len(seq) == 1 and str(seq[0][0]) == "IN", item
    chars = set()
    for iop, iav in seq[0][1]:
        chars.update(chr(iav) if str(iop) == "LITERAL" else map(chr, range(iav[0], iav[1] + 1)))
    return frozenset(chars)


def test_line_scans_gate_on_what_their_rest_can_start_with():
    # Each scan's lookahead right after its newline (and _LINE_HINT_RE's second one, after the
    # blanks and "[code]") holds every character the rest of the pattern can start with.
    from re import _parser

    from scraper.cables.scan import _first_of_seq
    for rx, gates in ((anchors._LINE_HINT_RE, (1, 4)), (anchors._EXCERPT_HINT_RE, (1,)), (paragraphs._LINE_PARAGRAPH_RE, (1,)),
                      (blocks.FIRST_PARA_RE, (1,))):
        items = list(_parser.parse(rx.pattern, rx.flags))
        assert str(items[0][0]) == "LITERAL" and items[0][1] == ord("\n")
        for g in gates:
            rest, empty = _first_of_seq(items[g + 1 :], False)
            assert rest is not None and not empty
            assert rest - set(CI_EXTRA) <= _lookahead_set(items[g]), (rx.pattern[:40], g, rest - _lookahead_set(items[g]))


def _same_matches(fast: re.Pattern, plain: re.Pattern, texts: list[str], pieces: list[str], *, seed: int,
                  length: int, key) -> int:
    """Assert ``fast`` finds exactly what ``plain`` finds (``key`` of each match) over texts made
    of ``pieces`` and over ``texts``; return how many matches there were."""
    rng = random.Random(seed)
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, length))) for _ in range(3000)]
    found = 0
    for t in made + texts:
        got = [key(m) for m in fast.finditer(t)]
        assert got == [key(m) for m in plain.finditer(t)], repr(t[:200])
        found += len(got)
    return found


def test_excerpt_hint_scan_finds_what_the_plain_scan_finds(texts):
    plain = re.compile(r"\n[ \t\xa0]*(?:\[code\]|)(?:¶|[0-9]{1,2}\.[ \t\xa0]*\()")
    pieces = ["\n", " ", "\xa0", "\t", "[code]", "¶", "1", "12", "123", ".", " (", "(", "x", "A", "\n\n"]
    found = _same_matches(anchors._EXCERPT_HINT_RE, plain, texts + [t.replace("\n", "\n ") for t in texts], pieces,
                          seed=10, length=12, key=lambda m: m.span())
    assert found > 300


def test_first_para_scan_finds_what_the_plain_scan_finds(texts):
    plain = re.compile(r"\n[ \t\xa0]*(?:¶[ \t\xa0]*[0-9]{1,3}\.|[0-9]{1,2}\.[ \t\xa0]*\()")
    pieces = ["\n", " ", "\xa0", "\t", "¶", "1", "12", "123", ".", " (", "(", "x", "A", "\n\n", "\r", "[code]"]
    found = _same_matches(blocks.FIRST_PARA_RE, plain, texts + [t.replace("\n", "\n ") for t in texts], pieces,
                          seed=15, length=12, key=lambda m: m.span())
    assert found > 300


def test_line_paragraph_scan_finds_what_the_plain_scan_finds(texts):
    plain = re.compile(r"\n[ \t\xa0]*(?P<n>[0-9]{1,2})\.(?=[ \t\xa0]+[(A-Z])")
    pieces = ["\n", " ", "\xa0", "\t", "1", "12", "123", ".", " (C)", "(", "A", "a", "\n\n", "7. ", "\r"]
    found = _same_matches(paragraphs._LINE_PARAGRAPH_RE, plain, texts + [paragraphs.clean_body(t) for t in texts],
                          pieces, seed=11, length=14, key=lambda m: (m.span(), m["n"]))
    assert found > 40  # real numbered paragraphs at line starts are among them


# --- signers.trailer_block: its first line's start before the lines' regex ------------------
def _trailer_block_plain(text: str, a: int, b: int) -> bool:
    return b - a < 200 and all(signers.TRAILER_RE.match(text[x:y]) is not None
                               for x, y in signers.line_spans(text, a, b))


def test_trailer_block_start_gate_gives_the_plain_test(texts):
    trailers, skipped = 0, 0
    for text in texts:
        for a, b in blocks.split_blocks(text, 0, len(text)):
            assert signers.trailer_block(text, a, b) is _trailer_block_plain(text, a, b), text[a:b]
            trailers += _trailer_block_plain(text, a, b)
            skipped += b - a < 200 and text[a] not in signers._TRAILER_START
    assert trailers > 10 and skipped > 500  # real trailers are among them, and the gate skips real blocks
    # Every character first, then each trailer form (and a tag line's "@" later on), one or two lines.
    rests = ["", "nnnn", "NNNN", "nNnN", "End Cable Text", "Declassified/Released US Department of State EO Systematic Review",
             "== CABLE ENDS ==", '"', "Track impresión: x", "EPET @ EL PAÍS", "PREL, PGOV @ EL PAIS", "x @ Y", "@"]
    chars = [chr(c) for c in range(32, 127)] + ["\xa0", "\t", "\n", "\r", "¶", "\u017f", "\u0130", "\u212a", "É"]
    made = [c + r + tail for c in chars + [""] for r in rests for tail in ("", "\nNNNN", " \n", "\n@")]
    for t in made + rests:
        for a, b in {(0, len(t)), (1, len(t)), (0, max(0, len(t) - 1)), (len(t), len(t))}:
            assert signers.trailer_block(t, a, b) is _trailer_block_plain(t, a, b), (t, a, b)



# --- two scans made to start with a character set: signers' footer tail, blocks' form labels --
def _groups(m: re.Match) -> tuple:
    return m.span(), tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1))


def test_footer_tail_scan_finds_what_the_plain_scan_finds(texts):
    # "[Vv](?i:isit)" matches what "(?i:visit)" does: no other character folds to "v".
    assert [c for c in map(chr, range(0x110000)) if re.fullmatch("(?i:v)", c)] == ["V", "v"]
    footers = ["Please visit Paris' Classified Website at: http://www.state.sgov.gov/p/eur/paris/index.c fm STAPLETON",
               "Visit Canberra's Classified Web Site at http://x XXXXXXXXXXXX Kingdom LeBaron", "VISIT CLASSIFIED WEB x McGEE \"",
               "visit classifiedweb: RICE", "Visit Classified Website x Dave."]
    pieces = footers + ["\n", " ", "\xa0", "visit", "VıSıT", "vi\u017fit", "Classified", "Web", "web ", "x", "RICE", "Le", "MacX",
                        "\u212a", "\u0130", "'", '"']
    found = _same_matches(signers._FOOTER_TAIL_RE, _FOOTER_TAIL_PLAIN, texts + footers + [" ".join(footers)], pieces,
                          seed=12, length=10, key=_groups)
    assert found > 300


# blocks._FORM_LABEL_RE as it was: the test of the character before the label first.
_FORM_LABEL_PLAIN = re.compile(r"(?:(?<=[ \t\xa0\n])|^)[A-Z][A-Za-z#/.()&-]*(?:[ \t\xa0][A-Za-z#/.()&-]+){0,2}[ \t\xa0]*:(?=[ \t\xa0\n]|$)", re.MULTILINE)


def test_form_label_scan_finds_what_the_plain_scan_finds(texts):
    pieces = ["DOB:", "Rank/Name: ", "Place of Birth:", "Vetting #:", "x", "X", "A", "aB:", "(C):", ":", " ", "\xa0", "\t",
              "\n", "\r", "Project Number :", "É:", "\u017f:", "SUBJECT: x", "1:", "-A:"]
    found = _same_matches(blocks._FORM_LABEL_RE, _FORM_LABEL_PLAIN, texts, pieces, seed=13, length=12, key=_groups)
    assert found > 1000
    # Scans from inside the text, as cable_like asks them (the character before the start counts).
    rng = random.Random(14)
    for text in texts[:60] + ["".join(rng.choice(pieces) for _ in range(12)) for _ in range(2000)]:
        for _ in range(4):
            a = rng.randint(0, len(text))
            z = rng.randint(a, min(len(text), a + 400))
            got = [_groups(m) for m in blocks._FORM_LABEL_RE.finditer(text, a, z)]
            assert got == [_groups(m) for m in _FORM_LABEL_PLAIN.finditer(text, a, z)], (text[a:z], a, z)


# --- signers' name patterns: the letters of a name's words possessive ----------------------
def _unpossessive(rx: re.Pattern) -> re.Pattern:
    """``rx`` as it was: its possessive repeats ("++", "{2,}+") written as plain greedy ones."""
    pattern = rx.pattern.replace("]++", "]+").replace("{2,}+", "{2,}")
    assert pattern != rx.pattern
    return re.compile(pattern, rx.flags)


def test_signer_name_patterns_match_what_the_plain_ones_match(texts):
    line_plain, tail_plain = _unpossessive(signers.SIGNER_LINE_RE), _unpossessive(signers._SIGNER_TAIL_M)
    names = ["GARZA", "Leslie BASSETT", "KEEGAN PAAL", "Scobey", "van Voorst", "McMullen", "McGEE", "O'Brien", "LeBaron",
             "Smith-Jones", "D'Arcy", "TIMKEN JR", "Jr.", "EASON .", "SUSMAN ..", "STEVENS 0 02/18/2008", 'RICE "', "RICE \\",
             "VAN VOORST van Voorst", "SCOBEY Scobey", "FORD IC", "SOBEL 2008-01-08", "CHICOLA ...", "Linehan …"]
    pieces = names + [" ", "\xa0", "\t", "\n", ". ", ") ", "XXXX ", "End Comment ", "OF 003 ", "UNCLAS", "SECTION", "01", "x",
                      "A", "a", "'", "-", ",", ".", '"', "de ", "van ", "Mac", "Mc", "\u017f", "\u0130"]
    found = _same_matches(signers._SIGNER_TAIL_M, tail_plain, texts, pieces, seed=16, length=10, key=_groups)
    assert found > 50
    rng = random.Random(17)
    lines = [line for text in texts for line in text.split("\n")] + names
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(6000)]
    matched = 0
    for line in lines:
        for a in {0, len(line) - len(line.lstrip())}:
            got = signers.SIGNER_LINE_RE.match(line, a)
            want = line_plain.match(line, a)
            assert (got and _groups(got)) == (want and _groups(want)), repr(line)
            matched += want is not None
        got, want = signers._SIGNER_TAIL_RE.search(line), _unpossessive(signers._SIGNER_TAIL_RE).search(line)
        assert (got and _groups(got)) == (want and _groups(want)), repr(line)
    assert matched > 500



# --- parse_cable's metadata hint scan: a first-character lookahead right after the newline --
def test_metadata_hint_scan_finds_what_the_plain_scan_finds(texts):
    import scraper.cables as cables

    plain = re.compile(r"\n" + cables._HINT)
    pieces = ["\n", " ", "\xa0", "\t", "[code]", "1", "12", "<<1", "<1", "Reference ID", "Reference\tID", "Reference", "id:",
              "ID:", "iD:", "...id:", "..id:", ".", "x", "R", "I", "i", "\u0130D:", "\n\n", "\r"]
    found = _same_matches(cables._LINE_HINT_RE, plain, texts + [t.replace("\n", "\n ") for t in texts], pieces,
                          seed=21, length=10, key=lambda m: m.span())
    assert found > 300


def test_class_scan_falls_back_on_every_case_blind_extra_letter():
    # class_anywhere's test for the letters a case-blind regex folds to ASCII ones is CI_EXTRA's
    # letters written out: each one sends the scan to the regex's own finditer.
    from scraper.cables.classification import CLASS_ANYWHERE_RE
    from scraper.cables.scan import class_anywhere

    assert set(CI_EXTRA) == {"\u0130", "\u0131", "\u017f", "\u212a"}
    for c in CI_EXTRA:
        text = f"1. x {c} {c} {c} {c} LIMA 001234 and SECRET LIMA 001235"  # a spaced level of the letter: no ASCII letter there
        want = [m.span() for m in CLASS_ANYWHERE_RE.finditer(text)]
        assert len(want) == 2 and [m.span() for m in class_anywhere(CLASS_ANYWHERE_RE, text, 0, len(text))] == want, c


# --- speed paths of the signer search, the name-list lines, the REF scan, the station rows ---
from scraper.cables import signer, stations  # noqa: E402


def test_signer_line_search_is_the_plain_search(texts):
    # signer._signer_in_line tries SIGNER_RE only where its lookbehind allows (a line's start,
    # after a stop and one to three blanks): the first match is the plain search's.
    pieces = ["GARZA", "KEEGAN PAAL", "Leslie", "RICE", "Mike", "AB", "X", "abc", ".", "!", "?", ")", '"', "/", ",",
              " ", "  ", "   ", "    ", "\xa0", "\t", "\r", "End Comment."]
    rng = random.Random(31)
    lines = [line for text in texts for line in text.split("\n")[-6:]]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    matched = 0
    for line in lines:
        for text in (line, "x.\n" + line):
            ls = text.rfind("\n") + 1
            want = signer.SIGNER_RE.search(text, ls, len(text))
            got = signer._signer_in_line(text, ls, len(text))
            assert (got and (got.span(), got["name"])) == (want and (want.span(), want["name"])), repr(text)
            matched += want is not None
    assert matched > 2000


def _name_line_plain(line: str) -> bool:
    words = line.split()
    if not words or line.rstrip()[-1:] in "!?" or blocks._SENTENCE_BREAK_RE.search(line) is not None:
        return False
    return 3 * sum(1 for w in words if w[:1].islower() and w not in blocks._NAME_SMALL_WORDS) <= len(words)


def _reads_as_names_plain(text: str, a: int, b: int) -> bool:
    if b - a > 1200:
        return False
    spans = blocks.line_spans(text, a, b, 13)
    if len(spans) > 12:
        return False
    for k, (x, y) in enumerate(spans):
        line = text[x:y].strip(WS)
        if blocks._NAME_LINE_RE.fullmatch(text, x, blocks.rstrip_end(text, x, y)) is None or not _name_line_plain(line):
            return False
        if k == 0 and blocks._WORD_STOP_RE.search(line) is not None:
            return False
    return True


def test_name_lines_read_as_the_plain_code_reads_them(texts):
    # blocks._name_line counts lowercase words until too many and skips the regexes on a line
    # with no stop; _reads_as_names reads a block's lines one by one.
    pieces = ["Minister", "of", "the", "Defense", "said", "U.S.", "Wow.", "de", "é", "Éclair", "ok!", "GARZA", "again.",
              "Of", "course.", "(notetaker)", "-", "--", "a.", "it?", "ab.", "no.\xa0Yes", "ab!\tC", " ", "\n", "\n"]
    rng = random.Random(32)
    blocks_ = [b for text in texts[:60] for b in text.split("\n\n")]
    blocks_ += ["\n".join(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 14)))
                for _ in range(8000)]
    names = 0
    for b in blocks_:
        for line in b.split("\n"):
            assert blocks._name_line(line) == _name_line_plain(line), repr(line)
        want = _reads_as_names_plain(b, 0, len(b))
        assert blocks._reads_as_names(b, 0, len(b)) == want, repr(b)
        names += want
    assert names > 300


def test_ref_scan_without_at_sign_is_the_full_scan(texts):
    # refs.parse_refs reads a block with no "@" without the e-mail branch: the same cuts.
    blocks_ = [t[t.find("REF"):][:600] for t in texts if "REF" in t]
    blocks_ += ["REF: A. STATE 1234 B. 08 LIMA 55 (EMAIL 12/3/08) C. 123456Z JAN 08 E.O. 12958 DTG 201530Z"]
    assert len(blocks_) > 50
    for b in blocks_:
        up = b.upper().replace("\xa0", " ")
        if "@" not in up:
            assert refs._NOT_CABLE_NO_AT_RE.sub(" ; ", up) == refs._NOT_CABLE_RE.sub(" ; ", up)
    assert refs._NOT_CABLE_RE.sub(" ; ", "A FOO@BAR.COM B") == "A  ;  B"


def test_station_rows_index_holds_the_table_rows_in_order():
    # stations._ROWS (a station's rows without a scan of the table) is the table read in order.
    for st in {s.station for s in stations.TABLE}:
        assert stations._ROWS[st] == tuple(s for s in stations.TABLE if s.station == st)
