"""Load the captured SMF pages and the forum content they were built from (samples/)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
VERSIONS = ("smf20", "smf21")
# The versions the structural fuzz mutates (tests/fuzz_pages.py): 1.1's table theme too.
FUZZ_VERSIONS = (*VERSIONS, "smf11")
FORUM_TZ = ZoneInfo("America/Chicago")
# When the pages were captured (manifest.json captured_at).
CAPTURED_AT = datetime(2026, 11, 28, 6, 23, 33, tzinfo=timezone.utc)
TOPIC_PAGES = ("200176.0", "200391.0", "200457.0", "200457.15")


@cache
def manifest(version: str) -> dict[str, str]:
    """File name -> the URL it was fetched from."""
    entries = json.loads((SAMPLES / version / "manifest.json").read_text())
    return {e["file"]: e["url"] for e in entries}


def page(version: str, name: str) -> tuple[str, str]:
    """Return (html, url) of a captured page, e.g. page("smf20", "index.php__topic=200176.0.html")."""
    return (SAMPLES / version / name).read_text(encoding="utf-8"), manifest(version)[name]


def topic_page(version: str, topic_start: str) -> tuple[str, str]:
    return page(version, f"index.php__topic={topic_start}.html")


@cache
def visible() -> dict:
    return json.loads((SAMPLES / "visible.json").read_text(encoding="utf-8"))


def visible_posts() -> dict[int, dict]:
    return {p["id_msg"]: {**p, "id_topic": t["id_topic"]} for t in visible()["topics"] for p in t["posts"]}


def member_ids() -> dict[str, int]:
    return {m["name"]: m["id_member"] for m in visible()["members"]}


# [quote author=... link=topic=T.msgM#msgM date=...]text[/quote]; no nesting in the samples.
QUOTE_BBC = re.compile(
    r"\[quote(?P<params>[^\]]*)\](?P<text>.*?)\[/quote\]\n?", re.DOTALL
)
URL_BBC = re.compile(r"\[url=[^\]]*\](?P<label>.*?)\[/url\]", re.DOTALL)


def expected_body_text(bbc: str) -> str:
    """The text a post shows once its quotes are cut out.

    The one whitespace rule: SMF drops the single newline right after a
    [/quote] (block-level tag), so it is removed with the quote.
    """
    return URL_BBC.sub(lambda m: m.group("label"), QUOTE_BBC.sub("", bbc))


def expected_quotes(bbc: str) -> list[dict]:
    out = []
    for m in QUOTE_BBC.finditer(bbc):
        params = dict(re.findall(r"(\w+)=(.*?)(?= \w+=|$)", m.group("params").strip()))
        link = re.search(r"topic=(\d+)\.msg(\d+)", params.get("link", ""))
        out.append(
            {
                "author": params.get("author"),
                "topic_id": int(link.group(1)) if link else None,
                "msg_id": int(link.group(2)) if link else None,
                "date": int(params["date"]) if "date" in params else None,
                "text": m.group("text"),
            }
        )
    return out
