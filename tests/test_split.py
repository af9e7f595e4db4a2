"""split_post on the real posts of samples/visible.json and on hand-made layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.split import split_post
from bbcode_util import convert

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
VISIBLE = json.loads((SAMPLES / "visible.json").read_text(encoding="utf-8"))
TRUTH = json.loads((SAMPLES / "visible_truth.json").read_text(encoding="utf-8"))["posts"]
POSTS = [p for t in VISIBLE["topics"] for p in t["posts"]]
SEED = [(p, t) for p, t in zip(POSTS, TRUTH) if "cable_text" in t]


def _cables(text):
    return [s for s in split_post(text) if s.kind == "cable"]


@pytest.mark.parametrize("post", POSTS, ids=lambda p: str(p["id_msg"]))
def test_segments_tile_every_post(post) -> None:
    text = convert(post["body"])[0]
    segs = split_post(text)
    assert "".join(text[s.start : s.end] for s in segs) == text
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))


@pytest.mark.parametrize(("post", "truth"), SEED, ids=lambda x: str(x.get("id_msg", "")))
def test_seed_cable_text_is_exact(post, truth) -> None:
    text = convert(post["body"])[0]
    cables = _cables(text)
    assert len(cables) == 1  # a header pasted twice (bare, then in a CSV row) is one cable
    assert text[cables[0].start : cables[0].end].strip() == truth["cable_text"].strip()
    assert cables[0].cable.id == truth["cable_ids"][0]


def test_glosses_in_seed_copy() -> None:
    text = convert(POSTS[0]["body"])[0]
    (seg,) = _cables(text)
    assert "the GOM (Government of Mexico) is also resolved" in text[seg.start : seg.end]


def test_excerpt_ends_where_the_user_resumes() -> None:
    post = next(p for p in POSTS if p["id_msg"] == 1199101)
    text = convert(post["body"])[0]
    (seg,) = _cables(text)
    assert text[seg.start : seg.end].startswith("¶8.")
    assert text[seg.start : seg.end].endswith("300 Mexican")
    assert seg.cable.completeness == "excerpt" and seg.cable.id is None


def test_two_cables_in_one_post_and_commentary_between() -> None:
    a = SEED[1][1]["cable_text"]  # 08MEXICO1082: header, metadata block, header, body
    b = SEED[2][1]["cable_text"]  # 10MEXICO27: header, CSV row
    text = f"Look at these:\n\n{a}\n\nand the other one\n\n{b}\n\nWow."
    cables = _cables(text)
    assert [c.cable.id for c in cables] == ["08MEXICO1082", "10MEXICO27"]
    assert text[cables[0].start : cables[0].end] == a
    assert text[cables[1].start : cables[1].end] == b


def test_closed_csv_row_ends_at_its_quote() -> None:
    row = ('1,1/4/2008 22:01,08MEXICO23,"Embassy Mexico",UNCLASSIFIED,,"",'
           '"UNCLAS MEXICO 000023\n\nSUBJECT: X ""Y""\n\n1. (U) Text, more.\n\nGARZA"')
    text = f"{row}\nmy own words after it"
    (seg,) = _cables(text)
    assert text[seg.start : seg.end] == row
    assert seg.cable.id == "08MEXICO23" and seg.cable.subject == 'X "Y"'
    assert seg.cable.completeness == "partial_extract"  # empty header field


def test_body_with_url_gets_url_id_and_year() -> None:
    text = ("http://wikileaks.org/cable/2007/12/07MEXICO6229.html\n\n"
            "UNCLAS SECTION 01 OF 05 MEXICO 006229\n\nSUBJECT: X\n\nREF: STATE 9\n\n¶1. (U) Text.\nBASSETT")
    (seg,) = _cables(text)
    assert seg.cable.id == "07MEXICO6229" and seg.cable.id_evidence == "url"
    assert seg.cable.references == ("07STATE9",)


def test_code_block_and_nbsp_blank_lines() -> None:
    text = "see\n\xa0\n[code]C O N F I D E N T I A L MEXICO 001889\n\xa0\n¶1. (C) Text.\n\xa0\nGARZA[/code]\nbye"
    (seg,) = _cables(text)
    assert text[seg.start : seg.end].endswith("GARZA")
    assert seg.cable.classification == "CONFIDENTIAL" and seg.cable.serial == 1889


def test_plain_commentary_has_no_cable() -> None:
    for post in POSTS:
        if post["id_msg"] in (1197248, 1197301, 1198502, 1199073, 1199136):
            assert _cables(convert(post["body"])[0]) == []
