"""SMF 2.1 default theme: every selector the parsers use, in one table."""

from .layout import Layout

LAYOUT = Layout(
    version="2.1",
    forum_title="h1.forumtitle a",
    linktree_links="div.navigate_section a",
    post="#forumposts div.post_wrapper",
    post_author=".poster h4",
    post_author_link='.poster h4 a[href*="action=profile"]',
    post_info=".poster ul.user_info",
    post_subject='div[id^="subject_"] a',
    post_time=".postinfo a.smalltext",  # "Feb 13, 2011, 10:20 AM"
    post_counter="span.page_number",  # "#3"; absent on the first post
    post_modified="span.modified",  # "Last Edit: <date> by <name>"
    post_body=".post div.inner",
    post_signature="div.signature",
    post_attachments="div.attachments",
    topic_subject="#top_subject",
    topic_views=None,  # 2.1 does not print the view count on the topic page
    page_links="div.pagelinks a.nav_page",
    category='div.cat_bar[id^="category_"]',
    board_row='div[id^="board_"]',
    board_link="a.subject",
    board_description="div.board_description",
    topic_row="#topic_container div.windowbg",  # (any depth: a row left open nests the rows after it)
    topic_link='span[id^="msg_"] a',
    topic_starter="p.floatleft",
    topic_pages="span.topic_pages a",
    topic_stats="div.board_stats",
    topic_lastpost="div.lastpost",
    board_title="#display_head h2.display_title",
    topic_legend="#topic_icons",
    board_stats="div.board_stats",
    board_lastpost="div.lastpost",
)
