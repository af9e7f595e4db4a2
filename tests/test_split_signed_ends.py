"""A pasted cable ends at its signer, and the user's words under it stay commentary (issue 8,
Must 4: "no user line goes into a cable"), also when the signer is run onto the cable's last
line with what the corpus's own copies leave after it (a CSV body's last quote or backslash,
a mirror's full stops or date, the name again as typed), and when the user types on the very
next line under it.

The cables are real cables of the corpus's tuning part; the remarks are written here, in the
styles of forum users (a short line, a paragraph signed with a first name), not the paste
bench's.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402
from scraper.cables.signers import signer_line  # noqa: E402

SHORT = ("Odd that this never came up in the hearings.", "Same guy who shows up in the 2006 ones.",
         "Embassy staff must have loved writing this one.", "Read the last paragraph twice.",
         "Minister of everything, apparently.", "Scary stuff if true.")
LONG = (
    "A bit of history for anyone who was not around then. The talks described here were announced as a "
    "breakthrough a month later, and the press releases from both sides made no mention of the conditions "
    "set out in this cable, nor of the objections raised by the other delegation. Put the two next to each "
    "other and the gap between the public account and the private one is plain to see.",
    "The detail about the budget is the part that matters most. Everything else in the report had been "
    "rumoured for years, but the figures were always denied, and here they are in writing, sent to the "
    "department by the people who sat in the meeting. That should settle the question of who knew what and "
    "when, at least for the period this report covers.",
)
FIRST_NAMES = ("Rob", "Ines", "Pavel", "Liz")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _commentary(text: str) -> str:
    return _norm(relate_post(text).commentary)


# The last words of a flattened body: a sentence, then the signer in capitals or as typed,
# then what the corpus's copies leave after it.
_JUNK_TAIL = re.compile(
    r"""[.)"]\ (?:
        [A-Z]{3,}\ "                  # a CSV body's closing quote on its own line, flattened onto it
      | [A-Z]{3,}\ \\                 # a backslash-escaped CSV body's last backslash
      | [A-Z]{3,}\.{1,2}              # a mirror's full stops
      | (?:Mc)?[A-Z]{3,}\ 0\ [0-9]{1,2}/[0-9]{1,2}/[0-9]{4}   # a mirror's date
      | ([A-Z]{3,})\ (?i:\1)          # the name again, as typed
    )$""",
    re.VERBOSE,
)
_MIXED_TAIL = re.compile(r"[a-z][.)] (?:Mc)?[A-Z][a-z]{2,}$")


def _flat(c: dict) -> str:
    return pc._flatten(c["body"].strip())


def _post(c: dict, body: str, k: int, *, signed: bool = True) -> tuple[str, str]:
    """The link line, the body, the user's short line typed right under it, then (``signed``)
    a paragraph signed with a first name after a blank line: (post, its commentary)."""
    url = pc._url(c)
    remark = SHORT[k % len(SHORT)]
    text = f"{url}\n\n{body}\n{remark}"
    want = f"{url} {remark}"
    if signed:
        long_ = f"{LONG[k % len(LONG)]}\n{FIRST_NAMES[k % len(FIRST_NAMES)]}"
        text += f"\n\n{long_}"
        want += f" {long_}"
    return text, _norm(want)


def _exact(rows: list[dict], make) -> float:
    ok = 0
    for k, c in enumerate(rows):
        text, want = make(c, k)
        ok += _commentary(text) == want
    return ok / len(rows)


def test_a_signer_run_onto_the_last_line_with_the_copys_leftovers_ends_the_cable(tune) -> None:
    # 59 tuning bodies end so once flattened ('... End Comment. THORNE "', 'URBAN \\',
    # 'STEPHENS.', 'McGEE 0 11/30/2007', 'SCOBEY Scobey'). Measured when written: 58 of 59
    # exact (the other's body holds a second record's metadata); before the rule: 3 of 59.
    rows = [c for c in tune if _JUNK_TAIL.search(_flat(c).rsplit("\n", 1)[-1][-60:])]
    assert len(rows) >= 50
    assert _exact(rows, lambda c, k: _post(c, _flat(c), k)) >= 0.95


def test_a_signer_in_mixed_case_with_the_users_line_typed_under_it(tune) -> None:
    # "... avoid them. Herbst" / "Odd that ...": the name ends an unwrapped line (a flattened
    # paragraph), so the user's line under it is no more of the sentence. Measured when
    # written: 54 of 60 exact (the other six leave cable text of their tops in the
    # commentary); before the rule: 26 of 60.
    rows = [c for c in tune if _MIXED_TAIL.search(_flat(c).rsplit("\n", 1)[-1][-60:])][:60]
    assert len(rows) == 60
    assert _exact(rows, lambda c, k: _post(c, _flat(c), k, signed=k % 2 == 0)) >= 0.85


def test_a_name_ending_a_wrapped_line_inside_a_paragraph_is_no_signer(tune) -> None:
    # The guard: inside a wrapped paragraph a line may end on a capitalised word after a
    # full stop ("... the Minister. Ambassador" / "Smith said ..."); pasted alone, such a
    # cable still ends at its own end (its last line's end).
    inner = re.compile(r"[a-z][.)] (?:Mc)?[A-Z][a-z]{2,}\n[A-Z][a-z]")
    rows = [c for c in tune if inner.search(c["body"].strip())][:80]
    assert len(rows) >= 40
    whole = 0
    for c in rows:
        body = c["body"].strip()
        text = f"{pc._url(c)}\n\n{body}"
        cables = [s for s in split_post(text) if s.kind == "cable"]
        whole += len(cables) == 1 and _norm(text[cables[0].start : cables[0].end]) == _norm(body)
    assert whole / len(rows) >= 0.95, (whole, len(rows))


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_the_users_signature_under_a_long_remark_is_not_the_cables_signer(tune, sep) -> None:
    # A body signed on its own line (wrapped, not flattened), the user's short line under it,
    # then a remark signed with a first name: the cable's signer is the earlier name.
    rows = [c for c in tune if re.search(r"\n[A-Z][a-z]{3,}$", c["body"].strip()) and "\n\n" in c["body"]][:40]
    assert len(rows) == 40

    def make(c, k):
        url = pc._url(c)
        remark, long_ = SHORT[k % len(SHORT)], f"{LONG[k % len(LONG)]}\n{FIRST_NAMES[k % len(FIRST_NAMES)]}"
        return f"{url}\n\n{c['body'].strip()}{sep}{remark}\n\n{long_}", _norm(f"{url} {remark} {long_}")

    assert _exact(rows, make) >= 0.95


def test_a_first_name_under_a_remark_below_the_users_line_is_not_an_unsigned_cables_signer(tune) -> None:
    # An unsigned body (cut after a paragraph of its own), the user's line typed right under
    # it, then his paragraph signed with his first name: the cable ended above the user's
    # line, the name is his. Measured when written: 38 of 40; before the rule: 0 of 40.
    para = re.compile(r"(?m)^[ \t]*¶?[0-9]{1,2}\.[ \t]*\((?:C|SBU|S|U)\)")
    rows = []
    for c in tune:
        body = c["body"]
        starts = [m.start() for m in para.finditer(body)]
        if len(starts) >= 3 and (e := body.find("\n\n", starts[-2])) != -1:
            cut = body[:e].rstrip()
            last = cut.rsplit("\n", 1)[-1].strip()
            if last.endswith(".") and last != last.upper() and "CABLE ENDS" not in body:
                rows.append((c, cut))
        if len(rows) == 40:
            break
    assert len(rows) == 40
    assert _exact(rows, lambda cb, k: _post(cb[0], cb[1], k)) >= 0.95


def test_a_signer_run_onto_the_footer_line_ends_the_cable(tune) -> None:
    # A flattened copy joins the footer and the signer: "Please visit Paris' Classified
    # Website at: http://www.state.sgov.gov/p/eur/paris/index.c fm STAPLETON". Measured when
    # written: 30 of 30 exact; before the rule: 7 of 30.
    footer = re.compile(r"(?i:visit)[^\n]{0,80}?(?i:classified)[ \t]*(?i:web)[^\n]* [A-Z][A-Za-z'-]{2,}$")
    rows = [c for c in tune if footer.search(_flat(c).rsplit("\n", 1)[-1])][:30]
    assert len(rows) == 30
    assert _exact(rows, lambda c, k: _post(c, _flat(c), k)) >= 0.95


def test_a_signer_after_a_typographic_quote_an_end_mark_or_a_page_break_ends_the_cable(tune) -> None:
    # Flattened, the signer follows what its own line ended with: a typographic closing quote
    # ('... terrorism.” BURNS'), an end mark with no full stop ('End Comment MATHIEU'), a
    # page's header line ('BEIJING 00000125 003 OF 003 RANDT'). Measured when written: 19 of
    # 19 exact; before the rule: 15 of 19.
    tail = re.compile(r"(?:” [A-Z]{3,}|End Comment [A-Z]{3,}|OF [0-9]{3} (?:[A-Z]{3,}|[A-Z][a-z]+))$")
    rows = [c for c in tune if tail.search(_flat(c).rsplit("\n", 1)[-1][-50:])]
    assert len(rows) >= 15
    assert _exact(rows, lambda c, k: _post(c, _flat(c), k)) >= 0.95


def test_the_signer_line_under_a_signature_run_onto_the_last_line_ends_the_cable(tune) -> None:
    # A letter's signature ends the last text line ("... Peter R. Coneway") and the cable's
    # signer line in capitals repeats the name under it ("CONEWAY \"): pasted a paragraph a
    # line, with the user's line typed right under, the cable ends at the signer line, not at
    # the signature. 11 tuning bodies end on a signer line in capitals under a line ending on
    # the same name (most are the viewer's name printed twice); measured when written: 11 of
    # 11 exact; before the rule: 10 of 11.
    rows = []
    for c in tune:
        lines = [ln.strip(" \t\xa0") for ln in c["body"].rstrip().split("\n") if ln.strip(" \t\xa0")]
        if (len(lines) >= 2 and (m := signer_line(lines[-1])) and lines[-1].isupper()
                and lines[-2].split()[-1].upper() == m["name"].split()[-1]):
            rows.append(c)
    assert rows

    def make(c, k):
        blocks = (" ".join(b.split()) for b in re.split(r"\n[ \t\xa0]*\n", c["body"].strip()))
        url, remark = pc._url(c), SHORT[k % len(SHORT)]
        return f"{url}\n\n" + "\n".join(b for b in blocks if b) + f"\n{remark}", _norm(f"{url} {remark}")

    assert _exact(rows, make) >= 0.97


def _wrapped_into_signer(c: dict) -> bool:
    """Whether the body ends on a signer line in capitals right under a wrapped line that
    ends in lowercase ("... various other political matters" / "SOBEL")."""
    lines = [ln.rstrip(" \t\xa0") for ln in c["body"].rstrip().split("\n")]
    if len(lines) < 2 or not lines[-2].strip() or not lines[-2][-1:].islower():
        return False
    last = lines[-1].strip(" \t\xa0")
    return last.isupper() and signer_line(last) is not None and len(lines[-2]) + 1 + len(last.split()[0]) >= 56


def test_a_signer_in_capitals_under_a_wrapped_line_ending_in_lowercase_ends_the_cable(tune) -> None:
    # The line above the signer ends mid-sentence (a list, a bio, a footer's broken link:
    # "... index.c fm" / "STAPLETON"): nothing runs on under the name, so it is the signer,
    # and the user's line typed right under it is his. 42 tuning bodies end so; measured
    # when written: 40 of the first 40 exact (42 of 42); before the rule: 39 of 40.
    rows = [c for c in tune if _wrapped_into_signer(c)][:40]
    assert len(rows) == 40

    def make(c, k):
        url, remark = pc._url(c), SHORT[k % len(SHORT)]
        return f"{url}\n\n{c['body'].strip()}\n{remark}", _norm(f"{url} {remark}")

    assert _exact(rows, make) >= 0.97
