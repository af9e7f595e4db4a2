"""Moved and merged topics: the notice SMF leaves behind, and where it points.

Moving a topic with "post a redirection topic" leaves a locked topic in the
old board: subject "MOVED: <subject>" ($txt['moved_prefix']), message icon
"moved", one post whose body links to the topic's new place
(`[iurl]…?topic=200901.0[/iurl]`). 2.1 can also make it a redirect topic that
answers HTTP 301 with the new place; that one is seen in crawl.py, not here.
"""

from __future__ import annotations

import re

from ..models import Post
from .common import topic_ref

# The subject prefixes of the notices SMF writes (English language pack).
_NOTICE_SUBJECT = re.compile(
    r"""^(?:MOVED:                 # $txt['moved_prefix'] (1.1, 2.0, 2.1)
        | MERGED:                  # 2.1's merge notice
        | \[MERGED\]               # as some language packs write it
        )\s""",
    re.VERBOSE | re.IGNORECASE,
)
# The message icon of a notice: Themes/default/images/post/moved.gif (1.1, 2.0) or moved.png (2.1).
MOVED_ICON = 'img[src*="/post/moved."]'


def notice_target(first: Post, *, topic_id: int, moved_icon: bool) -> int | None:
    """The topic a MOVED/MERGED notice points to, or None if this is no notice.

    A notice is the topic's first post with the "moved" icon, or a subject
    with SMF's prefix; its target is the last link in it to another topic.
    """
    if first.position != 0 or not (moved_icon or _NOTICE_SUBJECT.match(first.subject)):
        return None
    target = None
    for link in first.links:
        ref = topic_ref(link.href)
        if ref is not None and ref[0] != topic_id:
            target = ref[0]
    return target
