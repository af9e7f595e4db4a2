"""Compare a crawled archive with a capture's truth.json (every post as the forum's database holds it)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from samples_util import expected_body_text


# Text-only BBCode the moved/poll captures use: [b]x[/b] shows x; [iurl]u[/iurl] shows u.
_STYLE_BBC = re.compile(r"\[/?(?:b|i|u|s)\]")
_IURL_BBC = re.compile(r"\[iurl(?:=[^\]]*)?\](?P<label>.*?)\[/iurl\]", re.DOTALL)


def shown_text(bbc: str, *, captured_base: str | None = None, served_base: str | None = None) -> str:
    """The text a post shows (quotes cut out), links at the address the replay serves them from."""
    text = _IURL_BBC.sub(lambda m: m.group("label"), _STYLE_BBC.sub("", expected_body_text(bbc)))
    if captured_base and served_base:
        text = text.replace(captured_base, served_base)
    return text


@cache
def truth(sample_dir: Path) -> dict:
    return json.loads((sample_dir / "truth.json").read_text(encoding="utf-8"))


def iso(unix: int, *, minutes_only: bool) -> str:
    when = datetime.fromtimestamp(unix, UTC)
    if minutes_only:  # SMF 2.1's default format prints no seconds
        when = when.replace(second=0)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def rows(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def assert_posts_match_truth(
    db, sample_dir: Path, *, minutes_only: bool, msg_ids: set[int] | None = None, served_base: str | None = None
) -> None:
    """Every post of truth.json (or those of `msg_ids`) is archived exactly as the database holds it."""
    posts = [p for p in truth(sample_dir)["posts"] if msg_ids is None or p["id_msg"] in msg_ids]
    urls = [e["url"] for e in json.loads((sample_dir / "manifest.json").read_text())]
    captured_base = urls[0].split("/index.php")[0] if urls else None
    assert posts
    stored = {r["msg_id"]: r for r in rows(db, "select * from posts")}
    if msg_ids is None:
        assert set(stored) == {p["id_msg"] for p in posts}
    for post in posts:
        row = stored[post["id_msg"]]
        assert row["topic_id"] == post["id_topic"], post["id_msg"]
        assert row["position"] == post["position"], post["id_msg"]
        assert row["author_name"] == post["author"], post["id_msg"]
        assert row["member_id"] == post["id_member"], post["id_msg"]
        assert row["subject"] == post["subject"], post["id_msg"]
        assert row["posted_at"] == iso(post["poster_time"], minutes_only=minutes_only), post["id_msg"]
        want = shown_text(post["body"], captured_base=captured_base, served_base=served_base)
        assert row["body_text"] == want, post["id_msg"]
        if post["modified_time"]:
            assert row["edited_at"] == iso(post["modified_time"], minutes_only=minutes_only), post["id_msg"]
            assert row["edited_by"] == post["modified_name"], post["id_msg"]
        else:
            assert row["edited_at"] is None, post["id_msg"]
