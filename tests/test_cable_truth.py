"""Through the crawled archive of both SMF versions: every post's cables and commentary equal the truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bbcode_util import strip_bbcode

TRUTH = json.loads((Path(__file__).resolve().parent.parent / "samples" / "visible_truth.json").read_text())
PUBLIC_TOPICS = {200176, 200391, 200457}
TRUTH_POSTS = [p for p in TRUTH["posts"] if p["id_topic"] in PUBLIC_TOPICS]


def relations(db, msg_id: int) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"pasted": set(), "quoted": set(), "linked": set(), "mentioned": set()}
    for cable_id, relation in db.execute(
        "select cable_id, relation from post_cables where msg_id = ?", [msg_id]
    ):
        out[relation].add(cable_id)
    return out


@pytest.mark.parametrize("truth", TRUTH_POSTS, ids=lambda p: str(p["id_msg"]))
def test_post_cables_and_commentary_equal_the_truth(crawled, version, truth):
    db, _, _ = crawled[version]
    got = relations(db, truth["id_msg"])
    assert got["pasted"] == set(truth["cable_ids"])
    assert got["quoted"] == set(truth["quoted_cable_ids"])
    assert got["linked"] == set(truth["linked_cable_ids"])
    commentary = db.execute("select commentary from posts where msg_id = ?", [truth["id_msg"]]).fetchone()[0]
    assert commentary == strip_bbcode(truth["commentary"])


def test_quoted_copies_point_at_the_quoted_post(crawled, version):
    db, _, _ = crawled[version]
    rows = db.execute(
        "select msg_id, cable_id, quoted_msg_id from cable_copies where quote_seq is not null order by msg_id"
    ).fetchall()
    assert rows == [
        (1199031, "08MEXICO1082", 1197131),
        (1199059, "10MEXICO27", 1197140),
        (1199087, "06MEXICO1889", 1197152),
        (1199122, "07MEXICO6229", 1197185),
    ]


def test_seed_cables_have_their_metadata_and_every_post_that_touches_them(crawled, version):
    db, _, _ = crawled[version]
    cables = {r[0]: r for r in db.execute(
        "select id, created_at, origin, classification, completeness, first_seen_msg_id from cables"
    )}
    assert set(cables) >= {"08MEXICO23", "08MEXICO1082", "10MEXICO27", "06MEXICO1889", "06MEXICO6085", "07MEXICO6229"}
    # Read off the seed's CSV row: 136383,1/4/2008 22:01,08MEXICO23,"Embassy Mexico",UNCLASSIFIED//FOR OFFICIAL USE ONLY
    assert cables["08MEXICO23"][1:5] == ("2008-01-04T22:01:00Z", "Embassy Mexico",
                                         "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "full")
    assert cables["08MEXICO23"][5] == 1197124
    refs = {r[0] for r in db.execute("select ref_id from cable_references where cable_id = '08MEXICO23'")}
    assert refs == {"08STATE145633"}
    touching = {r[0]: r[1] for r in db.execute(
        "select msg_id, relation from post_cables where cable_id = '10MEXICO27'"
    )}
    assert touching == {1197140: "pasted", 1199059: "quoted", 1199101: "pasted"}


def test_segments_tile_each_post_text(crawled, version):
    db, _, _ = crawled[version]
    for msg_id, text in db.execute("select msg_id, body_text from posts"):
        segs = db.execute(
            'select "start", "end" from post_segments where msg_id = ? and quote_seq is null order by seq', [msg_id]
        ).fetchall()
        if not text:
            continue
        assert segs[0][0] == 0 and segs[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(segs, segs[1:]))


def test_reparse_rebuilds_the_parsed_and_cable_tables_offline(server):
    from conftest import crawl_replay
    from scraper import archive
    from scraper.reparse import reparse_archive

    db = archive.open_memory()
    crawl_replay(db, server)
    tables = ["posts", "quotes", "links", "cables", "cable_copies", "post_cables", "cable_references", "post_segments"]
    before = {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}
    with db.atomic():
        for table in ("post_cables", "cable_copies", "cable_references", "post_segments", "cables", "quotes", "links"):
            db.execute(f"delete from {table}")
        db.execute("update posts set body_text = 'damaged', commentary = null")
    server.stop()  # no network from here on
    result = reparse_archive(db)
    assert result.errors == 0 and result.posts == 33
    after = {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}
    assert after == before
