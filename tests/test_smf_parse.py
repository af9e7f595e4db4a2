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
    html, _ = topic_page(version, "200176.0")
    assert first.body_html.startswith("<a href=") and first.body_html in html  # as served, byte for byte
    later = parse(*topic_page(version, "200457.15"))
    post = next(p for p in later.posts if p.msg_id == 1199136)
    assert [(l.href, l.label) for l in post.links] == [("http://213.251.145.96/cable/2008/01/08MEXICO23.html", "08MEXICO23")]
    quoting = next(p for p in later.posts if p.msg_id == 1199122)
    assert quoting.links == ()  # the quote header link is not a body link
    assert quoting.quotes[0].html.startswith("¶14. (U) Legislative")


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


# --- post bodies: markup the samples lack (nested quotes, code, signature) --


def _one_post_page(version: str, body: str, extra: str = "") -> tuple[str, str]:
    """The 200391 page with the first post's body (and what follows it) replaced."""
    html, url = topic_page(version, "200391.0")
    pattern = r'(id="msg_1198502">).*?(</div>)'
    edited, n = re.subn(pattern, lambda m: m.group(1) + body + m.group(2) + extra, html, count=1, flags=re.S)
    assert n == 1
    return edited, url


NESTED_20 = (
    'Look:<br /><div class="quoteheader"><div class="topslice_quote"><a href="http://127.0.0.1:8020/index.php?topic=200176.msg1197301#msg1197301">Quote from: A on Y on February 12, 2011, 08:02:51 pm</a></div></div>'
    '<blockquote class="bbc_standard_quote"><div class="quoteheader"><div class="topslice_quote">Quote</div></div><blockquote class="bbc_alternate_quote">inner&nbsp;text</blockquote><div class="quotefooter"><div class="botslice_quote"></div></div>outer <a href="http://x.test/a?b=1&amp;c=2" class="bbc_link">l&amp;bl</a></blockquote>'
    '<div class="quotefooter"><div class="botslice_quote"></div></div>'
    'Cable:<br /><div class="codeheader">Code: <a href="javascript:void(0);" onclick="return smfSelectText(this);" class="codeoperation">[Select]</a></div><code class="bbc_code">R 042201Z JAN 08<br />FM&nbsp; AMEMBASSY MEXICO</code>done <img src="http://127.0.0.1:8020/Smileys/default/smiley.gif" alt="&#58;&#41;" title="Smiley" class="smiley" />'
)
NESTED_21 = (
    'Look:<br><blockquote class="bbc_standard_quote"><cite><a href="http://127.0.0.1:8021/index.php?topic=200176.msg1197301#msg1197301">Quote from: A on Y on Feb 12, 2011, 08:02 PM</a></cite>'
    '<blockquote class="bbc_alternate_quote"><cite>Quote</cite>inner&nbsp;text</blockquote>outer <a href="http://x.test/a?b=1&amp;c=2" class="bbc_link">l&amp;bl</a></blockquote>'
    'Cable:<br><div class="codeheader"><span class="code floatleft">Code</span> <a class="codeoperation smf_select_text">Select</a> <a class="codeoperation smf_expand_code hidden" data-shrink-txt="Shrink" data-expand-txt="Expand">Expand</a></div><code class="bbc_code">R 042201Z JAN 08<br>FM&nbsp; AMEMBASSY MEXICO</code>done <img src="http://127.0.0.1:8021/Smileys/fugue/smiley.gif" alt="&#58;&#41;" title="Smiley" class="smiley">'
)
SIGNATURE = '<div class="signature" id="msg_1198502_signature">Audit&nbsp;the Fed<br />Ron Paul 2012</div>'
ATTACHMENT_20 = '<div id="msg_1198502_footer" class="attachments smalltext"><div style="overflow: auto;"><a href="http://127.0.0.1:8020/index.php?action=dlattach;topic=200391.0;attach=77"><img src="clip.gif" align="middle" alt="*" />&nbsp;08MEXICO23.txt</a> (12.5 KB - downloaded 3 times.)<br /></div></div>'


@pytest.mark.parametrize("version", VERSIONS)
def test_nested_quotes_code_smileys_signature(version):
    body = NESTED_20 if version == "smf20" else NESTED_21
    extra = SIGNATURE + (ATTACHMENT_20 if version == "smf20" else "")
    post = parse(*_one_post_page(version, body, extra)).posts[0]
    assert post.body_text == "Look:\nCable:\nR 042201Z JAN 08\nFM\xa0 AMEMBASSY MEXICOdone :)"
    assert post.code_blocks == ("R 042201Z JAN 08\nFM\xa0 AMEMBASSY MEXICO",)
    outer, inner = post.quotes
    assert (outer.quoted_author, outer.quoted_topic_id, outer.quoted_msg_id, outer.depth) == ("A on Y", 200176, 1197301, 1)
    assert outer.quoted_at == datetime(2011, 2, 13, 2, 2, 51 if version == "smf20" else 0, tzinfo=UTC)
    assert outer.text == "outer l&bl"
    assert [(l.href, l.label) for l in outer.links] == [("http://x.test/a?b=1&c=2", "l&bl")]
    assert (inner.quoted_author, inner.quoted_msg_id, inner.quoted_at, inner.depth, inner.text) == (None, None, None, 2, "inner\xa0text")
    assert post.links == ()
    assert post.signature == "Audit\xa0the Fed\nRon Paul 2012"
    if version == "smf20":
        (attachment,) = post.attachments
        assert (attachment.name, attachment.size_text) == ("08MEXICO23.txt", "12.5 KB")
        assert attachment.url.endswith("action=dlattach;topic=200391.0;attach=77")


# --- times -------------------------------------------------------------------

CHICAGO = ZoneInfo("America/Chicago")


def test_parse_time_default_formats():
    assert parse_time("February 14, 2011, 10:15:40 am", tz=CHICAGO, now=CAPTURED_AT) == datetime(2011, 2, 14, 16, 15, 40, tzinfo=UTC)
    assert parse_time("Feb 13, 2011, 10:05 AM", tz=CHICAGO, now=CAPTURED_AT) == datetime(2011, 2, 13, 16, 5, tzinfo=UTC)
    assert parse_time("Feb 13, 2011, 12:05 AM", tz=CHICAGO, now=CAPTURED_AT) == datetime(2011, 2, 13, 6, 5, tzinfo=UTC)
    assert parse_time("not a time", tz=CHICAGO, now=CAPTURED_AT) is None
    assert parse_time("", tz=CHICAGO, now=CAPTURED_AT) is None


def test_today_and_yesterday_around_midnight():
    # 00:30 UTC on Nov 28 is still Nov 27, 18:30 in Chicago: "Today" is the 27th.
    now = datetime(2026, 11, 28, 0, 30, tzinfo=UTC)
    assert parse_time("Today at 10:05:13 am", tz=CHICAGO, now=now) == datetime(2026, 11, 27, 16, 5, 13, tzinfo=UTC)
    assert parse_time("Yesterday at 11:59 PM", tz=CHICAGO, now=now) == datetime(2026, 11, 27, 5, 59, tzinfo=UTC)
    # Five minutes after local midnight: "Yesterday at 11:58 pm" is seven minutes ago.
    now = datetime(2026, 11, 28, 6, 5, tzinfo=UTC)
    assert parse_time("Yesterday at 11:58:00 pm", tz=CHICAGO, now=now) == datetime(2026, 11, 28, 5, 58, tzinfo=UTC)
    assert parse_time("Today at 12:01 AM", tz=CHICAGO, now=now) == datetime(2026, 11, 28, 6, 1, tzinfo=UTC)


def test_today_and_yesterday_across_dst():
    # US DST began 2011-03-13 at 02:00 CST -> 03:00 CDT.
    now = datetime(2011, 3, 13, 18, 0, tzinfo=UTC)  # 13:00 CDT
    assert parse_time("Today at 01:30:00 am", tz=CHICAGO, now=now) == datetime(2011, 3, 13, 7, 30, tzinfo=UTC)  # CST
    assert parse_time("Today at 03:30:00 am", tz=CHICAGO, now=now) == datetime(2011, 3, 13, 8, 30, tzinfo=UTC)  # CDT
    assert parse_time("Yesterday at 10:00 PM", tz=CHICAGO, now=now) == datetime(2011, 3, 13, 4, 0, tzinfo=UTC)
    # DST ended 2011-11-06: 01:30 happened twice; SMF/PHP print the first (CDT) for it.
    now = datetime(2011, 11, 6, 20, 0, tzinfo=UTC)
    assert parse_time("Today at 01:30 AM", tz=CHICAGO, now=now) == datetime(2011, 11, 6, 6, 30, tzinfo=UTC)
    assert parse_time("Today at 03:00 AM", tz=CHICAGO, now=now) == datetime(2011, 11, 6, 9, 0, tzinfo=UTC)


def test_timezone_clues():
    rss, _ = page("smf20", "index.php__action=.xml;type=rss.xml")
    assert detect_timezone_offset(rss) is None  # SMF 2.x pubDates are GMT
    assert detect_timezone_offset(rss, {1199150: "February 16, 2011, 07:30:10 am"}) == timedelta(hours=-6)
    assert detect_timezone_offset(rss.replace("GMT", "+0100")) == timedelta(hours=1)
    html, _ = page("smf21", "index.php.html")
    assert detect_page_utc_offset(html) == timedelta(hours=-6)
    assert detect_page_utc_offset(page("smf20", "index.php.html")[0]) is None


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("keep", [0.9, 0.97])
def test_a_truncated_topic_page_is_refused_not_read_short(version, keep):
    html, url = topic_page(version, "200176.0")
    cut = html[: int(len(html) * keep)]
    with pytest.raises(UnexpectedLayout, match="truncated|not found|without"):
        parse_page(cut, url=url, now=CAPTURED_AT, tz=FORUM_TZ)
