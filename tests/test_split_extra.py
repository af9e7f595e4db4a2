"""No cable line left in the commentary (issue 8 item 4), on real tuning-part cables.

Each test picks real cables of the corpus's tuning part by what their own text shows (a
heading over its rule of dashes, a page break, a top written in lower case, a signer line
with initials, a date or an ellipsis after it ...), pastes them the way users do (an
excerpt, a whole body under its link, flattened) with the user's words around them, and
checks that the cable keeps its lines and the user keeps his.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.cables.blocks import heading, split_blocks  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402

USER = "Read that last line again, it says it all."


# A mirror's artefacts inside a body (a second copy, a dump of its metadata): the bench
# measures those; these tests look at clean copies.
_ARTEFACT = re.compile(r"CABLE ENDS|header ends|\n[0-9]{1,7},[0-9]{1,2}/|\n[0-9]{1,7}\s*\n\s*[0-9]{4}-|\nid:|<br|</"
                       r"|This record is|\t|(?:NNNN|End Cable Text)[ \t]*\n[^\n]"
                       r"|\n[0-9]{5,7} [0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")  # a second cable's CSV fields


def _bodies(rows: list[dict]):
    for c in rows:
        body = c["body"].strip("\n").rstrip()
        if not _ARTEFACT.search(body):
            yield c, body


def _check(text: str, pasted: str, commentary: str, cid: str) -> None:
    """``pasted`` is one cable segment of ``text``, exactly; the rest is ``commentary``."""
    segs = [s for s in split_post(text) if s.kind == "cable"]
    assert [text[s.start : s.end] for s in segs] == [pasted.rstrip(" \t\xa0")], cid
    got = relate_post(text).commentary
    assert " ".join(got.split()) == " ".join(commentary.split()), cid


# --- headings over their rule ---------------------------------------------------------------
_PARA = re.compile(r"[ \t\xa0]*(?:¶[0-9]{1,3}\.|[0-9]{1,2}\.[ \t\xa0]*\()")
_RULE = re.compile(r"[ \t\xa0]*-{3,}(?:[ \t\xa0]+-+)*[ \t\xa0]*")
_PLAIN_RULE = re.compile(r"[ \t\xa0]*-{3,}[ \t\xa0]*")  # (the other shapes: a heading on two lines, a rule wrapped)


def _excerpts_ending_on_an_underlined_heading(rows: list[dict], n: int) -> list[tuple[str, str]]:
    """(id, excerpt): a numbered paragraph, the next section's heading over its rule and
    that section's first paragraph, where the heading alone reads as no heading (a colon,
    capitals of other words, a rule over it too), joined as the bench joins excerpts."""
    out = []
    for c, body in _bodies(rows):
        bl = split_blocks(body, 0, len(body))
        for k in range(len(bl) - 3):
            h = k + 1
            if _RULE.fullmatch(body, *bl[h]):
                h += 1  # a rule over the heading too
            if not (_PARA.match(body, bl[k][0]) and "\n" not in body[bl[h][0] : bl[h][1]]
                    and len(body[bl[h][0] : bl[h][1]].strip()) > 3 and not heading(body, *bl[h])):
                continue
            r = h + 1
            if r < len(bl) and not _RULE.fullmatch(body, *bl[r]) and "\n" not in body[bl[r][0] : bl[r][1]]:
                r += 1  # the heading wrapped onto a second line
            if (r + 1 < len(bl) and _RULE.fullmatch(body, *bl[r]) and _PARA.match(body, bl[r + 1][0])
                    and (r > h + 1 or not _PLAIN_RULE.fullmatch(body, *bl[r]))):
                out.append((c["id"], "\n \n".join(body[a:b] for a, b in bl[k : r + 2])))
                break
        if len(out) == n:
            break
    assert len(out) == n, len(out)
    return out


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_an_excerpt_across_an_underlined_heading_is_one_cable(tune, sep) -> None:
    # A drafter underlines a heading with dashes; users never underline their words. The
    # heading is the excerpt's even when it ends in a colon or is in capitals made of words
    # no other heading uses ("A PARTY DISUNITED, BUT MUCH IN DEMAND"), and the excerpt goes
    # on into the next section.
    for cid, excerpt in _excerpts_ending_on_an_underlined_heading(tune, 8):
        url = f"http://wikileaks.org/cable/2008/01/{cid}.html"
        _check(f"{url}\n\n{excerpt}\n\n{USER}", excerpt, f"{url} {USER}", cid)


# --- the page after a page break ------------------------------------------------------------
_PAGE_BREAK = re.compile(r"\n\s*\n[ \t]*[A-Z][A-Za-z .'-]{1,30} [0-9]{8} [0-9]{3}(?:\.[ ]?[0-9])? (?i:of) [0-9]{3}[ \t]*\n\s*\n[a-z]")


def test_the_text_after_a_page_break_is_the_cables(tune) -> None:
    # A page's header line is printed over the page's text: no tuning cable ends on one, so
    # the block after it (a sentence carried over, "parliamentary alliance.") is the cable's,
    # and so is a signer written under that block.
    rows = [(c, b) for c, b in _bodies(tune) if _PAGE_BREAK.search(b) and re.search(r"\n[A-Z][A-Za-z]{3,}$", b)][:12]
    assert len(rows) == 12
    for c, body in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{body}\n\n{USER}", body, f"{url} {USER}", c["id"])


# --- a top written in lower case ------------------------------------------------------------
def test_a_top_in_lower_case_is_one_cable_with_its_body(tune) -> None:
    # "Noforn / sipdis", "Dept for eur/carc": a lowercased copy's caveat and office lines sit
    # between its classification line and E.O.; the cable is not cut in two there.
    rows = [(c, b) for c, b in _bodies(tune) if re.search(r"\A[^\n]*\n\s*\nNoforn\s*\n", b)]
    assert rows
    for c, body in rows:
        url = pc._url(c)
        _check(f"{USER}\n\n{url}\n\n{body}\n\n{USER}", body, f"{USER} {url} {USER}", c["id"])


# --- a SUBJECT label whose subject is in the next block -------------------------------------
def test_an_empty_subject_label_keeps_the_subject_under_it(tune) -> None:
    # Pasted under its routing header: "SUBJECT:", a blank line, then the subject run on
    # into the text, as 15 corpus cables have it.
    rows = [(c, b) for c, b in _bodies(tune) if re.search(r"\nSUBJECT:[ \t]*\n[ \t]*\n", b) and c["header"].strip()][:5]
    assert len(rows) == 5
    for c, body in rows:
        pasted = f"{c['header'].strip()}\n\n{body}"
        _check(f"{USER}\n\n{pasted}\n\n{USER}", pasted, f"{USER} {USER}", c["id"])


# --- a flattened top whose Classified By runs on into the first paragraph -------------------
def test_a_flattened_classified_by_line_running_into_the_text_is_the_cables(tune) -> None:
    def shaped(flat: str) -> bool:
        # (a whole first paragraph run on after the label: 800 characters and more)
        return re.search(r"\n\nClassified By:[^\n]{800,}", flat) is not None and re.search(r"[A-Z]{4,}$", flat) is not None

    rows = [(c, f) for c, b in _bodies(tune) if shaped(f := pc._flatten(b))][:6]
    assert len(rows) == 6
    for c, flat in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{flat}\n\n{USER}", flat, f"{url} {USER}", c["id"])


# --- signer lines -------------------------------------------------------------------------
_SIGNED = (
    r"\n[A-Z]{3,}[ \t]*\n[ \t]*(?:\.{3}|…)$",  # a mirror's ellipsis under the signer: "CHICOLA" / "..."
    r"\n[A-Z]{3,} [A-Z]{2}$",  # the signer and initials: "FORD IC"
    r"\n[A-Z]{3,} [0-9]{4}-[0-9]{2}-[0-9]{2}$",  # the signer and the date: "SOBEL 2008-01-08"
    r"\n(?P<n>[A-Z]+ [A-Z]+)[ \t]*\n(?i:(?P=n))$",  # the signer twice: "VAN VOORST" / "van Voorst"
)


@pytest.mark.parametrize("shape", _SIGNED)
@pytest.mark.parametrize("flat", [False, True])
def test_a_signer_line_with_what_follows_it_ends_the_cable(tune, shape, flat) -> None:
    # The signer's line ends the cable also with what a mirror or a drafter put after the
    # name, and when the paste is flattened (the last block on one line: "CHICOLA ...",
    # "VAN VOORST van Voorst"); the user's line under it is commentary.
    rows = [(c, b) for c, b in _bodies(tune) if re.search(shape, b)]
    assert rows
    for c, body in rows:
        pasted = pc._flatten(body) if flat else body
        url = pc._url(c)
        _check(f"{url}\n\n{pasted}\n{USER}", pasted, f"{url} {USER}", c["id"])


_PARTICLE_SIGNED = re.compile(r"[.)][ \t]*\n[ \t]*(?:van|von|de) [A-Z][a-z]+$")


def test_a_signer_with_a_particle_at_the_end_of_a_flattened_paragraph(tune) -> None:
    # Flattened, the signer "van Voorst" runs on at the end of the last paragraph.
    rows = [(c, b) for c, b in _bodies(tune) if _PARTICLE_SIGNED.search(b)][:3]
    assert rows
    for c, body in rows:
        flat = pc._flatten(body)
        url = pc._url(c)
        _check(f"{url}\n\n{flat}\n\n{USER}", flat, f"{url} {USER}", c["id"])


# --- the user's lines stay the user's -----------------------------------------------------
@pytest.mark.parametrize("user", [
    "Noforn sipdis. Nice.",  # caveat words in a sentence
    "Dept for eur/carc, whoever they are.",
    "WASHINGTON DC knew.",
    "Hmm...",
])
def test_cable_looking_user_lines_under_a_signed_cable_stay_commentary(tune, user) -> None:
    rows = [(c, b) for c, b in _bodies(tune) if re.search(r"\n\n[A-Z]{4,}$", b)][:6]
    for c, body in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{body}\n\n{user}", body, f"{url} {user}", c["id"])


# --- lists and broken-off sentences ----------------------------------------------------------
_LISTED = re.compile(r":[ \t]*\n[ \t]*\n(?:[ \t]*-{1,2} [A-Z][^\n]{0,80}\n[ \t]*\n){3,}")  # short bullets, one line each


def test_a_list_of_bullets_its_sentence_introduces_is_the_cables(tune) -> None:
    # "... include:" then bullets with a blank line between each ("- Improved fencing"): the
    # list is the cable's.
    # Pasted up to the list's end (a signer under it would carry the cable across it anyway).
    rows = [(c, b[: m.end()].rstrip()) for c, b in _bodies(tune) if (m := _LISTED.search(b))][:8]
    assert len(rows) >= 4
    for c, part in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{part}\n\n{USER}", part, f"{url} {USER}", c["id"])


@pytest.mark.parametrize("user", ["-- the usual suspects, again.\n\n-- posted from my phone, sorry",
                                  "lol, of course they did\n\nand nobody cared"])
def test_a_users_dashed_or_lowercase_lines_under_an_unsigned_cable_stay_commentary(tune, user) -> None:
    # A user's remarks in the shapes of a list's bullets or of a sentence going on: with no
    # lead-in of the cable's own ("... the following:", a sentence broken off after "for"),
    # they are the user's.
    rows = [(c, b) for c, b in _bodies(tune) if re.search(r"\n[^\n]{40,}\.[ \t]*$", b)][:8]
    assert len(rows) == 8
    for c, body in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{body}\n\n{user}", body, f"{url} {user}", c["id"])


def test_a_heading_over_the_viewers_numbered_points_is_the_cables(tune) -> None:
    # "Energy Sector:" / "¶1. Imminent increase ...": the viewer's pilcrows number a list
    # under a heading; no user types a pilcrow, and the numbering starting again at ¶1 is
    # no next paste.
    # Pasted up to the end of such a list (the cable's text before it, the user's line after).
    rows = [(c, b[: m.end()].rstrip()) for c, b in _bodies(tune)
            if (m := re.search(r"\n\n[A-Z][A-Za-z ]{2,40}:?\n¶1\.[^\n]*(?:\n[^\n]+)*", b))][:6]
    assert rows
    for c, part in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{part}\n\n{USER}", part, f"{url} {USER}", c["id"])


def test_the_end_mark_of_a_redacted_text_is_the_cables(tune) -> None:
    # "End xxxxxxxxxxxx." closes a quoted paper whose name was redacted; the signer follows.
    rows = [(c, b) for c in tune if re.search(r"\n(?i:end) x{6,}\.?[ \t]*\n\s*[A-Z][A-Za-z]+$", b := c["body"].strip("\n").rstrip())]
    assert rows
    for c, body in rows:
        url = pc._url(c)
        _check(f"{url}\n\n{body}\n\n{USER}", body, f"{url} {USER}", c["id"])
