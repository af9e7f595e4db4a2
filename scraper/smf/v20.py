"""SMF 2.0, default "Curve" theme: every selector the parsers use, in one table."""

from .layout import Layout

LAYOUT = Layout(
    version="2.0",
    forum_title="h1.forumtitle a",
    linktree_links="div.navigate_section a",
    post="#forumposts div.post_wrapper",
    post_author=".poster h4",
    post_author_link='.poster h4 a[href*="action=profile"]',
    post_info=".poster ul",
    post_subject='h5[id^="subject_"] a',
    post_time=".keyinfo div.smalltext",  # "« Reply #3 on: February 13, 2011, 10:20:36 am »"
    post_counter=None,
    post_modified="div.modified",  # "« Last Edit: <date> by <name> »"
    post_body=".post div.inner",
    post_signature="div.signature",
    post_attachments="div.attachments",
    topic_subject="#forumposts h3.catbg",  # "Topic: <subject> (Read N times)"
    topic_views="#forumposts h3.catbg",
    page_links="div.pagelinks a.navPages",
    category='tbody.header[id^="category_"]',
    board_row='tr[id^="board_"]',
    board_link="a.subject",
    board_description="td.info p",
    topic_row="#messageindex tr",  # (any depth: a row left open nests the rows after it)
    topic_link='span[id^="msg_"] a',
    topic_starter="td.subject p",
    topic_pages='small[id^="pages"] a',
    topic_stats="td.stats",
    topic_lastpost="td.lastpost",
    board_title=None,
    topic_legend="#topic_icons",
    board_stats="td.stats",
    board_lastpost="td.lastpost",
)
