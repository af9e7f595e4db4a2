"""parse_page on the captured SMF 2.0 and 2.1 pages, checked against visible.json."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from scraper.errors import ForumErrorPage, NotSMF, UnexpectedLayout
from scraper.models import BoardIndex, MessageIndex, TopicPage
from scraper.smf import detect_page_utc_offset, detect_timezone_offset, parse_page, parse_time

from samples_util import (
    CAPTURED_AT,
    FORUM_TZ,
    TOPIC_PAGES,
    VERSIONS,
    expected_body_text,
    expected_quotes,
    member_ids,
    page,
    topic_page,
    visible,
    visible_posts,
)

UTC = timezone.utc


def parse(html: str, url: str):
    return parse_page(html, url=url, now=CAPTURED_AT, tz=FORUM_TZ)


def utc(ts: int, version: str) -> datetime:
    when = datetime.fromtimestamp(ts, UTC)
    return when.replace(second=0) if version == "smf21" else when  # 2.1 prints minutes only


@pytest.fixture(scope="module", params=[(v, t) for v in VERSIONS for t in TOPIC_PAGES], ids=lambda p: f"{p[0]}-{p[1]}")
def topic(request) -> tuple[str, TopicPage]:
    version, topic_start = request.param
    result = parse(*topic_page(version, topic_start))
    assert isinstance(result, TopicPage)
    return version, result


# --- topic pages ------------------------------------------------------------


def test_topic_posts_match_visible(topic):
    version, result = topic
    truth = visible_posts()
    ids = member_ids()
    topic_id = result.topic.topic_id
    ordered = [p["id_msg"] for t in visible()["topics"] if t["id_topic"] == topic_id for p in t["posts"]]
    assert [p.msg_id for p in result.posts] == ordered[result.start : result.start + len(result.posts)]
    for post in result.posts:
        want = truth[post.msg_id]
        assert post.topic_id == want["id_topic"] == topic_id
        assert post.position == ordered.index(post.msg_id)
        assert post.author_name == want["author"]
        assert post.member_id == ids[want["author"]]
        assert post.subject == want["subject"]
        assert post.posted_at == utc(want["poster_time"], version), post.posted_at_raw
        if "modified_time" in want:
            assert post.edited_at == utc(want["modified_time"], version)
            assert post.edited_by == want["modified_name"]
            assert post.edited_at_raw
        else:
            assert post.edited_at is None and post.edited_by is None
        assert post.body_text == expected_body_text(want["body"])
        assert post.signature is None and post.attachments == ()


def test_topic_quotes_match_bbcode(topic):
    version, result = topic
    truth = visible_posts()
    for post in result.posts:
        want = expected_quotes(truth[post.msg_id]["body"])
        assert len(post.quotes) == len(want)
        for quote, bbc in zip(post.quotes, want):
            assert quote.quoted_author == bbc["author"]
            assert quote.quoted_msg_id == bbc["msg_id"]
            assert quote.quoted_topic_id == bbc["topic_id"]
            assert quote.quoted_at == utc(bbc["date"], version)
            assert quote.text == bbc["text"]
            assert quote.depth == 1
            assert "bbc_standard_quote" not in quote.html and quote.html


def test_topic_metadata(topic):
    version, result = topic
    want = next(t for t in visible()["topics"] if t["id_topic"] == result.topic.topic_id)
    assert result.smf_version == {"smf20": "2.0", "smf21": "2.1"}[version]
    assert result.topic.board_id == 102
    assert result.board_name == "Wikileaks & Cablegate"
    assert result.topic.subject == want["posts"][0]["subject"]
    if version == "smf20":  # 2.1 does not print "Read N times"; viewing a page adds one
        assert result.topic.views is not None and result.topic.views >= want["num_views"]
    else:
        assert result.utc_offset == timedelta(hours=-6)


def test_members_from_poster_column():
    for version in VERSIONS:
        seen = {}
        for topic_start in TOPIC_PAGES:
            for member in parse(*topic_page(version, topic_start)).members:
                seen[member.member_id] = member
        assert len(seen) == 6
        for want in visible()["members"]:
            member = seen[want["id_member"]]
            assert member.name == want["name"]
            assert member.post_count == want["posts"]
            assert member.post_group == "Member"
            assert member.personal_text == (want["personal_text"] or None)


@pytest.mark.parametrize("version", VERSIONS)
def test_page_starts_and_start(version):
    first = parse(*topic_page(version, "200457.0"))
    second = parse(*topic_page(version, "200457.15"))
    assert (first.start, second.start) == (0, 15)
    assert first.page_starts == second.page_starts == (0, 15)
    assert [p.position for p in second.posts] == list(range(15, 21))
    assert parse(*topic_page(version, "200391.0")).page_starts == (0,)


@pytest.mark.parametrize("version", VERSIONS)
def test_links_and_body_html(version):
    seed = parse(*topic_page(version, "200176.0"))
    first = seed.posts[0]
    assert first.links[0].href == first.links[0].label == "http://213.251.145.96/cable/2008/01/08MEXICO23.html"
    assert "\xa0" in first.body_text  # the cable's &nbsp; stay NBSPs
    assert first.body_html.startswith("<a href=") and first.body_html.endswith("</a>") is False
    later = parse(*topic_page(version, "200457.15"))
    post = next(p for p in later.posts if p.msg_id == 1199136)
    assert [(l.href, l.label) for l in post.links] == [("http://213.251.145.96/cable/2008/01/08MEXICO23.html", "08MEXICO23")]
    quoting = next(p for p in later.posts if p.msg_id == 1199122)
    assert quoting.links == ()  # the quote header link is not a body link
    host = "8020" if version == "smf20" else "8021"
    assert f"127.0.0.1:{host}/index.php?topic=200176.msg1197185" in quoting.quotes[0].html or quoting.quotes[0].quoted_msg_id


# --- board index and message index ------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_board_index(version):
    result = parse(*page(version, "index.php.html"))
    assert isinstance(result, BoardIndex)
    assert result.forum_title == "Patriot Planet Forum"
    (board,) = result.boards  # board 7 is hidden from guests
    assert (board.board_id, board.name, board.category_id, board.category) == (102, "Wikileaks & Cablegate", 3, "Current Events")
    assert board.description == visible()["categories"][0]["boards"][0]["description"]
    assert board.parent_board_id is None and board.url.endswith("index.php?board=102.0")


@pytest.mark.parametrize("version", VERSIONS)
def test_message_index(version):
    result = parse(*page(version, "index.php__board=102.0.html"))
    assert isinstance(result, MessageIndex)
    assert (result.board.board_id, result.board.name, result.start, result.page_starts) == (102, "Wikileaks & Cablegate", 0, (0,))
    assert result.child_boards == ()
    by_id = {t.topic_id: t for t in result.topics}
    assert list(by_id) == [200457, 200391, 200176]
    ids = member_ids()
    for t in visible()["topics"]:
        if t["board"] != "cablegate":
            continue
        summary = by_id[t["id_topic"]]
        posts = t["posts"]
        assert summary.subject == posts[0]["subject"]
        assert summary.replies == len(posts) - 1
        assert summary.views == t["num_views"]
        assert summary.starter_name == posts[0]["author"]
        assert summary.starter_member_id == ids[posts[0]["author"]]
        assert summary.first_msg_id == posts[0]["id_msg"]
        assert summary.last_msg_id == posts[-1]["id_msg"]
        assert summary.last_post_at == utc(posts[-1]["poster_time"], version)
        assert not summary.sticky and not summary.locked
        assert summary.url.endswith(f"index.php?topic={t['id_topic']}.0")
    assert by_id[200457].page_starts == (0, 15)
    assert by_id[200391].page_starts == ()


def _with_child_boards(version: str) -> tuple[str, str]:
    html, url = page(version, "index.php.html")
    if version == "smf20":
        row = '<tr id="board_102_children"><td colspan="3" class="children windowbg"><strong>Child Boards</strong>: <a href="http://127.0.0.1:8020/index.php?board=150.0" title="No New Posts (Topics: 1, Posts: 2)">Cable mirrors</a>, <a href="http://127.0.0.1:8020/index.php?board=151.0" title="x">Leak &amp; Co</a></td></tr>'
        html = html.replace('</tbody>\n\t\t\t<tbody class="divider">', row + '</tbody>\n\t\t\t<tbody class="divider">', 1)
    else:
        box = '<div id="board_102_children" class="children"><p><strong id="child_list_102">Sub-boards</strong>: <a href="http://127.0.0.1:8021/index.php?board=150.0" class="board_new_posts" title="No New Posts (Topics: 1, Posts: 2)">Cable mirrors</a>, <a href="http://127.0.0.1:8021/index.php?board=151.0">Leak &amp; Co</a></p></div>'
        html = html.replace("</div><!-- #board_[id] -->", box + "\n</div><!-- #board_[id] -->", 1)
    assert "board_102_children" in html
    return html, url


@pytest.mark.parametrize("version", VERSIONS)
def test_child_boards_listed_under_their_parent(version):
    result = parse(*_with_child_boards(version))
    assert [(b.board_id, b.name, b.parent_board_id, b.category_id) for b in result.boards] == [
        (102, "Wikileaks & Cablegate", None, 3),
        (150, "Cable mirrors", 102, 3),
        (151, "Leak & Co", 102, 3),
    ]


# --- error pages and unreadable pages ---------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", ["index.php__topic=999999.0.html", "index.php__topic=200470.0.html", "index.php__board=7.0.html"])
def test_missing_or_off_limits(version, name):
    with pytest.raises(ForumErrorPage) as info:
        parse(*page(version, name))
    assert info.value.kind == "missing_or_off_limits"
    assert "off limits" in info.value.message


def _replace_content(version: str, content: str) -> tuple[str, str]:
    """A real topic page with its content area swapped for `content`."""
    html, url = topic_page(version, "200391.0")
    if version == "smf20":
        pattern = r'(<div id="main_content_section">).*?(\n\t\t</div>\n\t</div></div>\n\t<div id="footer_section">)'
    else:
        pattern = r'(<div id="main_content_section">).*?(</div><!-- #main_content_section -->)'
    edited, n = re.subn(pattern, lambda m: m.group(1) + content + m.group(2), html, count=1, flags=re.S)
    assert n == 1
    return edited, url


FATAL = """
	<div id="fatal_error">
		<div class="cat_bar"><h3 class="catbg">{title}</h3></div>
		<div class="windowbg"><span class="topslice"><span></span></span>
			<div class="padding">{message}</div>
		<span class="botslice"><span></span></span></div>
	</div>"""
MAINTENANCE = """
	<form action="index.php?action=login2" method="post" accept-charset="UTF-8">
		<div class="tborder login" id="maintenance_mode">
			<div class="cat_bar"><h3 class="catbg">Maintenance Mode</h3></div>
			<p class="description"><img class="floatleft" src="construction.png" width="40" height="40" alt="In Maintenance" />Okay faithful users...we're attempting to restore an older backup of the database...news will be posted once we're back!<br class="clear" /></p>
		</div>
	</form>"""
KICK_GUEST = """
	<form action="index.php?action=login2" method="post" accept-charset="UTF-8" name="frmLogin" id="frmLogin">
		<div class="tborder login">
			<div class="cat_bar"><h3 class="catbg">Warning!</h3></div>
			<p class="information centertext">Only registered members are allowed to access this section.<br />Please login below or <a href="index.php?action=register">register an account</a>.</p>
		</div>
	</form>"""
# Errors.php display_db_error(): printed before any theme is loaded.
DB_BARE = """<!DOCTYPE html>
<html>
	<head>
		<meta name="robots" content="noindex">
		<title>Connection Problems</title>
	</head>
	<body>
		<h3>Connection Problems</h3>
		Sorry, SMF was unable to connect to the database.  This may be caused by the server being busy.  Please try again later.
	</body>
</html>"""
MAINTENANCE_BARE = """<!DOCTYPE html>
<html>
	<head>
		<title>Maintenance Mode</title>
	</head>
	<body>
		<h3>Maintenance Mode</h3>
		Back soon: upgrading the forum.
	</body>
</html>"""


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (FATAL.format(title="An Error Has Occurred!", message="The message you requested is not available."), "error"),
        (FATAL.format(title="Database Error", message="Please try again. If you come back to this screen, report the error to an administrator."), "database_error"),
        (MAINTENANCE, "maintenance"),
        (KICK_GUEST, "login_required"),
    ],
    ids=["fatal", "db-fatal", "maintenance", "kick-guest"],
)
def test_error_pages_from_real_layout(version, content, kind):
    html, url = _replace_content(version, content)
    with pytest.raises(ForumErrorPage) as info:
        parse(html, url)
    assert info.value.kind == kind
    assert info.value.url == url


@pytest.mark.parametrize(("html", "kind"), [(DB_BARE, "database_error"), (MAINTENANCE_BARE, "maintenance")])
def test_bare_error_pages(html, kind):
    with pytest.raises(ForumErrorPage) as info:
        parse(html, "http://127.0.0.1:8020/index.php")
    assert info.value.kind == kind


def test_not_smf():
    html = "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1><p>It works.</p></body></html>"
    with pytest.raises(NotSMF):
        parse(html, "http://127.0.0.1:8020/")
    with pytest.raises(NotSMF):
        parse("", "http://127.0.0.1:8020/")


@pytest.mark.parametrize("version", VERSIONS)
def test_topic_without_posts_is_unexpected(version):
    html, url = topic_page(version, "200391.0")
    stripped = re.sub(r'<div class="post_wrapper">.*?<hr class="post_separator"\s*/?>', "", html, flags=re.S)
    assert "post_wrapper" not in stripped
    with pytest.raises(UnexpectedLayout):
        parse(stripped, url)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_without_author_or_id_is_unexpected(version):
    html, url = topic_page(version, "200391.0")
    no_author = re.sub(r"(<h4>).*?(</h4>)", r"\1\2", html, count=1, flags=re.S)
    with pytest.raises(UnexpectedLayout, match="author"):
        parse(no_author, url)
    no_id = html.replace('id="msg_1198517"', 'id="msg_x"', 1)
    with pytest.raises(UnexpectedLayout, match="id"):
        parse(no_id, url)
