"""SMF 1.1 (default theme): the real 1.1.11 capture crawled over HTTP and compared with its database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from samples_util import expected_quotes, visible
from truth_util import assert_posts_match_truth, rows, truth

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.errors import ForumErrorPage
from scraper.models import BoardIndex, MessageIndex, TopicPage
from scraper.replay import ReplayServer
from scraper.smf import parse_page

SMF11 = SAMPLES / "smf11"
TZ = ZoneInfo("America/Chicago")
NOW = datetime(2026, 12, 1, 6, 49, 8, tzinfo=UTC)  # manifest captured_at


def page(name: str) -> tuple[str, str]:
    import json

    urls = {e["file"]: e["url"] for e in json.loads((SMF11 / "manifest.json").read_text())}
    return (SMF11 / name).read_text(encoding="utf-8"), urls[name]


def parse(html: str, url: str):
    return parse_page(html, url=url, now=NOW, tz=TZ)


@pytest.fixture(scope="module")
def crawled():
    with ReplayServer(SMF11) as server:
        db = archive.open_memory()
        result = crawl_replay(db, server)
        yield db, server, result


def test_every_post_is_archived_as_the_database_holds_it(crawled):
    db, _, result = crawled
    assert result.status == "ok", result.summary
    assert_posts_match_truth(db, SMF11, minutes_only=False)


def test_quotes_members_topics_and_forum(crawled):
    db, server, _ = crawled
    for post in truth(SMF11)["posts"]:
        want = expected_quotes(post["body"])
        got = rows(db, "select * from quotes where msg_id = ? order by seq", [post["id_msg"]])
        assert [(q["quoted_msg_id"], q["quoted_author"], q["quoted_topic_id"], q["text"]) for q in got] == [
            (w["msg_id"], w["author"], w["topic_id"], w["text"]) for w in want
        ], post["id_msg"]
    members = {r["member_id"]: r for r in rows(db, "select * from members")}
    for m in visible()["members"]:
        assert members[m["id_member"]]["name"] == m["name"]
        assert members[m["id_member"]]["post_count"] == m["posts"]
        assert (members[m["id_member"]]["personal_text"] or "") == m["personal_text"]
        assert members[m["id_member"]]["post_group"] == "Member"
    topics = {r["topic_id"]: r for r in rows(db, "select * from topics")}
    for topic in truth(SMF11)["topics"]:
        assert topics[topic["id"]]["subject"] == topic["subject"]
        assert topics[topic["id"]]["replies"] == topic["num_replies"]
        assert topics[topic["id"]]["board_id"] == topic["board"]
    (board,) = rows(db, "select * from boards")
    want = truth(SMF11)["boards"][0]
    assert (board["board_id"], board["name"], board["category"]) == (want["id"], want["name"], want["category"])
    forum = rows(db, "select * from forums")[0]
    assert (forum["url"], forum["smf_version"], forum["title"]) == (server.base_url, "1.1", "Liberty Lab Forum")


def test_each_page_is_fetched_once(crawled):
    _, server, _ = crawled
    log = [path for _, path in server.requests]
    assert sorted(log) == sorted({
        "/robots.txt", "/index.php", "/index.php?board=102.0", "/index.php?topic=200176.0",
        "/index.php?topic=200391.0", "/index.php?topic=200457.0", "/index.php?topic=200457.15",
    })


def test_members_only_and_missing_pages_are_recognised():
    with ReplayServer(SMF11) as server:
        db = archive.open_memory()
        for target in ("index.php?topic=200470.0", "index.php?topic=999999.0", "index.php?board=7.0"):
            result = crawl_replay(db, server, start=server.url(target))
            assert result.stats.forum_errors == 1 and result.stats.new_posts == 0
    assert dict(db.execute("select topic_id, access from topics").fetchall()) == {
        200470: "missing_or_off_limits", 999999: "missing_or_off_limits"}
    assert db.execute("select access from boards where board_id = 7").fetchone()[0] == "missing_or_off_limits"


def test_timezone_is_detected_from_the_rss_feed():
    with ReplayServer(SMF11, robots_txt=None) as server:
        db = archive.open_memory()
        result = crawl_replay(db, server, timezone=None)
    assert result.status == "ok"
    # The forum's zone (visible.json: America/Chicago), DST-aware, from the RSS times.
    assert db.execute("select timezone from forums").fetchone()[0] == "America/Chicago"
    assert_posts_match_truth(db, SMF11, minutes_only=False)


def test_message_index_and_board_index():
    index = parse(*page("index.php__board=102.0.html"))
    assert isinstance(index, MessageIndex) and index.smf_version == "1.1"
    by_id = {t.topic_id: t for t in index.topics}
    posts = truth(SMF11)["posts"]
    for topic in truth(SMF11)["topics"]:
        mine = sorted((p for p in posts if p["id_topic"] == topic["id"]), key=lambda p: p["id_msg"])
        summary = by_id[topic["id"]]
        assert summary.subject == topic["subject"]
        assert summary.replies == topic["num_replies"]
        assert summary.starter_name == mine[0]["author"] and summary.starter_member_id == mine[0]["id_member"]
        assert summary.first_msg_id == mine[0]["id_msg"] and summary.last_msg_id == mine[-1]["id_msg"]
        assert summary.last_post_at == datetime.fromtimestamp(mine[-1]["poster_time"], UTC)
        assert summary.views is not None and summary.views > 0
        assert not summary.sticky and not summary.locked
    assert by_id[200457].page_starts == (0, 15)
    front = parse(*page("index.php.html"))
    assert isinstance(front, BoardIndex) and front.forum_title == "Liberty Lab Forum"
    (board,) = front.boards
    assert (board.board_id, board.category_id, board.category, board.parent_board_id) == (102, 3, "Current Events", None)
    assert board.description == visible()["categories"][0]["boards"][0]["description"]


def test_topic_pages_and_positions():
    first = parse(*page("index.php__topic=200457.0.html"))
    second = parse(*page("index.php__topic=200457.15.html"))
    assert isinstance(first, TopicPage) and first.smf_version == "1.1"
    assert first.page_starts == second.page_starts == (0, 15)
    assert [p.position for p in second.posts] == list(range(15, 21))
    assert first.topic.board_id == 102 and first.board_name == "Wikileaks & Cablegate"
    html, _ = page("index.php__topic=200176.0.html")
    seed = parse(*page("index.php__topic=200176.0.html"))
    assert seed.posts[0].body_html in html  # kept as served
    assert seed.topic.views and seed.topic.views > 5000


# 1.1's Display.template: the signature under an <hr>, attachments in a box after the body.
SIGNATURE_AND_FILES = (
    '<hr width="100%" size="1" class="hrcolor" />'
    '<div style="overflow: auto; width: 100%;"><a href="http://127.0.0.1:8042/index.php?PHPSESSID=24juoishv8k8bmrpg7bml6pqs9&amp;action=dlattach;topic=200391.0;attach=77">'
    '<img src="http://127.0.0.1:8042/Themes/default/images/icons/clip.gif" align="middle" alt="*" border="0" />&nbsp;cable.txt</a> (2.41 KB - downloaded 12 times.)<br /></div>'
    '<hr width="100%" size="1" class="hrcolor" /><div class="signature">Audit the Fed<br />End the Fed</div>'
)


def test_signature_attachments_code_and_nested_quotes_in_an_edited_page():
    html, url = page("index.php__topic=200391.0.html")
    first_body_end = "Firefox 3.6 on XP, already cleared the cache, no luck.</div>"
    assert first_body_end in html
    code = ('<div class="codeheader">Code:</div><div class="code">wget -m http://example.org/</div>'
            '<div class="quoteheader">Quote</div><div class="quote">outer<div class="quoteheader">Quote</div>'
            '<div class="quote">inner</div>after</div>')
    html = html.replace(first_body_end, first_body_end[: -len("</div>")] + code + "</div>" + SIGNATURE_AND_FILES, 1)
    post = parse(html, url).posts[0]
    assert post.signature == "Audit the Fed\nEnd the Fed"
    assert [(a.name, a.size_text, a.url) for a in post.attachments] == [
        ("cable.txt", "2.41 KB", "http://127.0.0.1:8042/index.php?action=dlattach;topic=200391.0;attach=77")]
    assert post.code_blocks == ("wget -m http://example.org/",)
    assert [(q.depth, q.text) for q in post.quotes] == [(1, "outerafter"), (2, "inner")]
    assert post.body_text.endswith("no luck.wget -m http://example.org/")  # code stays text; quotes go
    assert 'class="quote"' in post.body_html  # stored as served


def test_a_fatal_error_page_is_an_error():
    html, url = page("index.php__topic=200391.0.html")
    start, end = html.index('<div id="bodyarea"'), html.index("<div style=\"display:none\">")
    error = ('<div id="bodyarea"><table border="0" width="80%" cellpadding="4" cellspacing="1" class="bordercolor" align="center">'
             '<tr class="titlebg"><td>An Error Has Occurred!</td></tr><tr class="windowbg"><td style="padding-top: 3ex;">'
             'The topic or board you are looking for appears to be either missing or off limits to you.</td></tr></table></div>')
    with pytest.raises(ForumErrorPage) as caught:
        parse(html[:start] + error + html[end:], url)
    assert caught.value.kind == "missing_or_off_limits"


def test_board_counts_let_an_unchanged_night_skip_the_board():
    front = parse(*page("index.php.html"))
    (board,) = front.boards
    posts = truth(SMF11)["posts"]
    assert (board.posts, board.topics) == (len(posts), len(truth(SMF11)["topics"]))
    assert board.last_msg_id is not None
    with ReplayServer(SMF11) as server:
        db = archive.open_memory()
        crawl_replay(db, server)
        server.clear_requests()
        again = crawl_replay(db, server, refresh_days=0)
        log = [path for _, path in server.requests]
    assert again.status == "ok" and again.stats.new_posts == 0
    assert log == ["/robots.txt", "/index.php"] or log == ["/index.php"]
