"""SMF 1.1 default theme: every selector the parsers use, in one table.

1.1 is all tables and few ids: a post is the `td.windowbg`/`windowbg2` that
holds its `div#subject_N`, the body a `div.post` without the message id, the
poster's details lines of `div.smalltext` under the name. The message index
prints replies and views as bare numbers in their own cells; board rows carry
no id (the board link's `name="bN"` does). See samples/smf11/.
"""

from .layout import Layout

# A post's cell (the only cells holding a subject div), in page order.
_POST = (
    '#quickModForm td.windowbg:has(div[id^="subject_"]), '
    '#quickModForm td.windowbg2:has(div[id^="subject_"])'
)

LAYOUT = Layout(
    version="1.1",
    forum_title="div.nav a.nav",  # the linktree's first link is the forum's name
    linktree_links="div.nav a.nav",
    post=_POST,
    post_author="td[rowspan] > b",
    post_author_link='td[rowspan] > b > a[href*="action=profile"]',
    post_info="td[rowspan] > div.smalltext",  # lines: groups, stars, "Posts: N", personal text
    post_subject='div[id^="subject_"] a',
    post_time='div[id^="subject_"] ~ div.smalltext',  # "« Reply #3 on: February 13, 2011, 10:20:36 am »"
    post_counter=None,
    post_modified='td[id^="modified_"]',  # "« Last Edit: <date> by <name> »"
    post_body="div.post",
    post_signature="div.signature",
    post_attachments='a[href*="action=dlattach"]',
    topic_subject="#top_subject",  # "Topic: <subject>  (Read N times)"
    topic_views="#top_subject",
    page_links="td.middletext a.navPages",
    category='div.catbg:has(a[name])',
    board_row='tr:has(b > a[name^="b"])',
    board_link='b > a[name^="b"]',
    board_description="td.windowbg2",
    topic_row="tr",  # the anchor's nearest row (smf/rows.py)
    topic_link='span[id^="msg_"] a',
    topic_starter="td:nth-child(4)",
    topic_pages='small[id^="pages"] a',
    topic_stats="td:nth-child(5)",  # replies; the next cell holds views
    topic_lastpost="td:nth-child(7) span.smalltext",
    board_title=None,
    topic_legend="table.titlebg2",  # the legend's own table (the header row's cell has the class, not a table)
    board_stats="td:nth-child(3)",  # "33 Posts <br /> 3 Topics"
    board_lastpost="td:nth-child(4)",  # "in <a href=...topic=N.msgM#new>"
)

# Cells and markers only 1.1 needs.
TOPIC_VIEWS_CELL = "td:nth-child(6)"
# What tells the page kinds apart (1.1 has no #forumposts / #messageindex / #boardindex_table).
KIND_TOPIC = "#quickModForm, div[id^='subject_']"
KIND_MESSAGE_INDEX = "td.catbg3 a[href*='sort=subject'], td.catbg3 a[href*='sort,subject']"
KIND_BOARD_INDEX = "#upshrinkHeaderIC, div.catbg a[name]"
