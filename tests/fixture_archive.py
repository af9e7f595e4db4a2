"""Build a small, realistic archive for the Datasette and browser tests.

One forum, two boards, three topics, six posts by three members and a guest,
four cables (pasted, quoted, only linked, only mentioned), references between
cables, an edited post, a deleted post, two runs (one with an error), and one
hostile post whose HTML tries to run script in the reader's browser.

Rows go in through sqlite-utils on the real schema (`open_archive`), not
through the crawl, so these tests do not depend on the parser.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from scraper.archive import open_archive

FORUM_URL = "https://forum.example.org/index.php"

# What the hostile post would do if any of it ran: change the page title, add
# an element with this id, or navigate. The browser test looks for all three.
PWNED = "smf-pwned"
HOSTILE_HTML = (
    f"<script>document.title='{PWNED}';</script>"
    f"<img src=\"x\" onerror=\"var d=document.createElement('div');d.id='{PWNED}';document.body.appendChild(d)\">"
    f"<a href=\"javascript:document.title='{PWNED}'\">click me</a> "
    "<style>body{display:none}</style>"
    f"<iframe src=\"javascript:parent.document.title='{PWNED}'\"></iframe>"
    f"<b onmouseover=\"document.title='{PWNED}'\">bold and harmless</b>"
    " <a href=\"https://example.com/story\">a real link</a>"
)

CABLE_08MEXICO23 = """\
C O N F I D E N T I A L SECTION 01 OF 02 MEXICO 000023

SIPDIS

E.O. 12958: DECL: 01/04/2018
TAGS: PGOV PREL SNAR MX
SUBJECT: CARTEL VIOLENCE IN THE NORTHERN STATES

REF: 07PARIS4

Classified By: Ambassador Tony Garza for reasons 1.4 (b) and (d).

1. (C) Summary: Violence between the cartels rose sharply in 2007.
GARZA"""

CABLE_10STATE555 = """\
UNCLAS STATE 000555

SUBJECT: GUIDANCE ON MEXICO SECURITY COOPERATION

REF: 08MEXICO23

1. Posts should draw on reftel when discussing security cooperation."""


def build_archive(path: str | Path) -> Path:
    """Create the fixture archive at `path` (which must not exist) and return it."""
    path = Path(path)
    db = open_archive(path)
    with db.atomic():
        _fill(db)
    db.conn.close()
    return path


def build_empty_archive(path: str | Path) -> Path:
    """Create an archive with the full shape and no rows."""
    path = Path(path)
    open_archive(path).conn.close()
    return path


def _fill(db) -> None:
    db["forums"].insert(
        {
            "id": 1,
            "url": FORUM_URL,
            "title": "Cablegate Discussion Forum",
            "smf_version": "2.0",
            "timezone": "Europe/London",
            "first_crawled_at": "2011-04-01T02:00:00Z",
            "last_crawled_at": "2011-04-02T02:00:00Z",
        }
    )
    db["boards"].insert_all(
        [
            {"forum_id": 1, "board_id": 1, "name": "Cablegate", "category_id": 1, "category": "Leaks",
             "description": "The cables, one topic per story.", "url": f"{FORUM_URL}?board=1.0"},
            {"forum_id": 1, "board_id": 2, "name": "Latin America", "parent_board_id": 1, "category_id": 1,
             "category": "Leaks", "description": "Cables from Mexico to Tierra del Fuego.",
             "url": f"{FORUM_URL}?board=2.0"},
        ]
    )
    db["members"].insert_all(
        [
            {"forum_id": 1, "member_id": 7, "name": "Alice Researcher", "post_group": "Full Member",
             "post_count": 412, "personal_text": "Reading every cable"},
            {"forum_id": 1, "member_id": 12, "name": "bob_reader", "post_group": "Newbie", "post_count": 9},
            {"forum_id": 1, "member_id": 31, "name": "mallory", "post_group": "Newbie", "post_count": 1},
        ]
    )
    db["topics"].insert_all(
        [
            {"forum_id": 1, "topic_id": 100, "board_id": 2, "subject": "Mexico cables thread", "views": 1520,
             "replies": 2, "starter_name": "Alice Researcher", "starter_member_id": 7, "last_msg_id": 1003,
             "last_post_at": "2011-01-05T09:30:00Z", "url": f"{FORUM_URL}?topic=100.0",
             "first_seen_at": "2011-04-01T02:00:05Z", "last_crawled_at": "2011-04-02T02:00:05Z"},
            {"forum_id": 1, "topic_id": 101, "board_id": 1, "subject": "Cablegate general discussion",
             "views": 310, "replies": 1, "starter_name": "bob_reader", "starter_member_id": 12,
             "last_msg_id": 1005, "last_post_at": "2011-02-14T20:00:00Z", "url": f"{FORUM_URL}?topic=101.0",
             "first_seen_at": "2011-04-01T02:00:06Z", "last_crawled_at": "2011-04-02T02:00:06Z"},
            {"forum_id": 1, "topic_id": 102, "board_id": 1, "subject": "Paris embassy <b>reports</b>",
             "views": 40, "replies": 0, "starter_name": "Guest Poster", "last_msg_id": 1006,
             "last_post_at": "2011-03-01T12:00:00Z", "url": f"{FORUM_URL}?topic=102.0",
             "first_seen_at": "2011-04-01T02:00:07Z", "last_crawled_at": "2011-04-02T02:00:07Z"},
        ]
    )
    posts = [
        _post(1001, 100, 0, 7, "Alice Researcher", "08MEXICO23: cartel violence", "2010-12-02T10:00:00Z",
              html="This cable shows the embassy view of the cartel violence.<br><br>"
                   + CABLE_08MEXICO23.replace("\n", "<br>"),
              text="This cable shows the embassy view of the cartel violence.\n\n" + CABLE_08MEXICO23,
              commentary="This cable shows the embassy view of the cartel violence."),
        _post(1002, 100, 1, 12, "bob_reader", "Re: 08MEXICO23: cartel violence", "2010-12-03T08:15:00Z",
              html='<div class="quoteheader">Quote from: Alice Researcher</div><div class="quote">'
                   + CABLE_08MEXICO23.replace("\n", "<br>") + "</div>Interesting. Compare "
                   '<a href="https://wikileaks.org/cable/2009/03/09MEXICO100.html">09MEXICO100</a>.',
              text="Interesting. Compare 09MEXICO100.",
              commentary="Interesting. Compare 09MEXICO100."),
        _post(1003, 100, 2, 7, "Alice Researcher", "Re: 08MEXICO23: cartel violence", "2011-01-05T09:30:00Z",
              html="Washington's answer, an excerpt:<br>" + CABLE_10STATE555.replace("\n", "<br>"),
              text="Washington's answer, an excerpt:\n" + CABLE_10STATE555,
              commentary="Washington's answer, an excerpt:",
              edited_at="2011-01-05T11:00:00Z", edited_by="Alice Researcher"),
        _post(1004, 101, 0, 12, "bob_reader", "Cablegate general discussion", "2011-02-13T00:58:41Z",
              html="Anyone seen the Mexico cable 08MEXICO23? Also 09MEXICO100 is interesting.",
              text="Anyone seen the Mexico cable 08MEXICO23? Also 09MEXICO100 is interesting.",
              commentary="Anyone seen the Mexico cable 08MEXICO23? Also 09MEXICO100 is interesting."),
        _post(1005, 101, 1, 31, "mallory", "Re: Cablegate general discussion", "2011-02-14T20:00:00Z",
              html=HOSTILE_HTML, text="click me bold and harmless a real link",
              commentary="<script>document.title='" + PWNED + "'</script> click me"),
        _post(1006, 102, 0, None, "Guest Poster", "Paris embassy <b>reports</b>", "2011-03-01T12:00:00Z",
              html="The REF in the Mexico cable is 07PARIS4.", text="The REF in the Mexico cable is 07PARIS4.",
              commentary="The REF in the Mexico cable is 07PARIS4.",
              deleted_seen_at="2011-04-02T02:00:07Z"),
    ]
    db["posts"].insert_all(posts)
    db["post_versions"].insert_all(
        [
            {"forum_id": 1, "msg_id": p["msg_id"], "seen_at": p["first_seen_at"], "subject": p["subject"],
             "body_html": p["body_html"], "body_text": p["body_text"],
             "edited_at": None if p["msg_id"] == 1003 else p["edited_at"], "edited_by": None}
            for p in posts
        ]
        + [
            {"forum_id": 1, "msg_id": 1003, "seen_at": "2011-04-02T02:00:05Z", "subject": posts[2]["subject"],
             "body_html": posts[2]["body_html"], "body_text": posts[2]["body_text"],
             "edited_at": "2011-01-05T11:00:00Z", "edited_by": "Alice Researcher"},
        ]
    )
    db["quotes"].insert(
        {"forum_id": 1, "msg_id": 1002, "seq": 0, "quoted_msg_id": 1001, "quoted_topic_id": 100,
         "quoted_author": "Alice Researcher", "quoted_at": "2010-12-02T10:00:00Z",
         "quoted_at_raw": "December 02, 2010, 10:00:00 AM", "depth": 1, "text": CABLE_08MEXICO23}
    )
    db["links"].insert_all(
        [
            {"forum_id": 1, "msg_id": 1002, "seq": 0,
             "href": "https://wikileaks.org/cable/2009/03/09MEXICO100.html", "label": "09MEXICO100"},
            {"forum_id": 1, "msg_id": 1005, "seq": 0, "href": f"javascript:document.title='{PWNED}'",
             "label": "click me"},
        ]
    )
    db["attachments"].insert(
        {"forum_id": 1, "msg_id": 1001, "seq": 0, "url": f"{FORUM_URL}?action=dlattach;topic=100.0;attach=5",
         "name": "08MEXICO23.pdf", "size_text": "(112.4 KB - downloaded 31 times.)"}
    )
    db["cables"].insert_all(
        [
            {"id": "08MEXICO23", "internal_id": 136521, "created_at": "2008-01-04T15:02:00Z",
             "origin": "Embassy Mexico", "classification": "CONFIDENTIAL",
             "subject": "CARTEL VIOLENCE IN THE NORTHERN STATES", "tags": "PGOV PREL SNAR MX",
             "signer": "GARZA", "classified_by": "Ambassador Tony Garza for reasons 1.4 (b) and (d).",
             "declassify_on": "01/04/2018", "transmission_id": "VZCZCXRO1234", "dtg": "R 041502Z JAN 08",
             "completeness": "full", "first_seen_msg_id": 1001, "text": CABLE_08MEXICO23,
             "url": "https://wikileaks.org/cable/2008/01/08MEXICO23.html"},
            {"id": "10STATE555", "created_at": "2010-01-20T18:00:00Z", "origin": "Secretary of State",
             "classification": "UNCLASSIFIED", "subject": "GUIDANCE ON MEXICO SECURITY COOPERATION",
             "completeness": "excerpt", "first_seen_msg_id": 1003, "text": CABLE_10STATE555,
             "url": "https://wikileaks.org/cable/2010/01/10STATE555.html"},
            {"id": "09MEXICO100", "first_seen_msg_id": 1002,
             "url": "https://wikileaks.org/cable/2009/03/09MEXICO100.html"},
            {"id": "07PARIS4", "first_seen_msg_id": 1006},
        ]
    )
    mexico_start = len(posts[0]["commentary"]) + 2
    db["cable_copies"].insert_all(
        [
            {"forum_id": 1, "msg_id": 1001, "seq": 0, "cable_id": "08MEXICO23", "start": mexico_start,
             "end": mexico_start + len(CABLE_08MEXICO23), "completeness": "full",
             "id_evidence": "header: MEXICO 000023 + date", "text": CABLE_08MEXICO23},
            {"forum_id": 1, "msg_id": 1002, "seq": 0, "cable_id": "08MEXICO23", "start": 0,
             "end": len(CABLE_08MEXICO23), "completeness": "full", "quote_seq": 0, "quoted_msg_id": 1001,
             "id_evidence": "header: MEXICO 000023 + date", "text": CABLE_08MEXICO23},
            {"forum_id": 1, "msg_id": 1003, "seq": 0, "cable_id": "10STATE555", "start": 32,
             "end": 32 + len(CABLE_10STATE555), "completeness": "excerpt",
             "id_evidence": "header: STATE 000555", "text": CABLE_10STATE555},
        ]
    )
    db["post_cables"].insert_all(
        [
            {"forum_id": 1, "msg_id": 1001, "cable_id": "08MEXICO23", "relation": "pasted", "evidence": "copy 0"},
            {"forum_id": 1, "msg_id": 1002, "cable_id": "08MEXICO23", "relation": "quoted", "evidence": "copy 0"},
            {"forum_id": 1, "msg_id": 1002, "cable_id": "09MEXICO100", "relation": "linked",
             "evidence": "https://wikileaks.org/cable/2009/03/09MEXICO100.html"},
            {"forum_id": 1, "msg_id": 1003, "cable_id": "10STATE555", "relation": "pasted", "evidence": "copy 0"},
            {"forum_id": 1, "msg_id": 1004, "cable_id": "08MEXICO23", "relation": "mentioned",
             "evidence": "08MEXICO23"},
            {"forum_id": 1, "msg_id": 1004, "cable_id": "09MEXICO100", "relation": "mentioned",
             "evidence": "09MEXICO100"},
            {"forum_id": 1, "msg_id": 1006, "cable_id": "07PARIS4", "relation": "mentioned", "evidence": "07PARIS4"},
        ]
    )
    db["cable_references"].insert_all(
        [
            {"cable_id": "08MEXICO23", "ref_id": "07PARIS4"},
            {"cable_id": "10STATE555", "ref_id": "08MEXICO23"},
        ]
    )
    db["post_segments"].insert_all(
        [
            {"forum_id": 1, "msg_id": 1001, "seq": 0, "kind": "commentary", "start": 0,
             "end": len(posts[0]["commentary"])},
            {"forum_id": 1, "msg_id": 1001, "seq": 1, "kind": "cable", "start": mexico_start,
             "end": mexico_start + len(CABLE_08MEXICO23)},
        ]
    )
    raw = b"<html><body>topic 100</body></html>"
    db["pages"].insert(
        {"url": f"{FORUM_URL}?topic=100.0", "forum_id": 1, "final_url": f"{FORUM_URL}?topic=100.0",
         "status": 200, "content_type": "text/html; charset=ISO-8859-1", "encoding": "iso-8859-1",
         "kind": "topic", "fetched_at": "2011-04-02T02:00:05Z", "sha256": "0" * 64,
         "body": zlib.compress(raw)}
    )
    db["runs"].insert_all(
        [
            {"id": 1, "started_at": "2011-04-01T02:00:00Z", "finished_at": "2011-04-01T02:03:00Z",
             "start_url": FORUM_URL, "mode": "crawl", "pages_fetched": 9, "requests": 10, "new_posts": 6,
             "edited_posts": 0, "deleted_posts": 0, "errors": 0, "status": "ok", "summary": "9 pages, 6 new posts"},
            {"id": 2, "started_at": "2011-04-02T02:00:00Z", "finished_at": "2011-04-02T02:01:00Z",
             "start_url": FORUM_URL, "mode": "crawl", "pages_fetched": 4, "requests": 7, "new_posts": 0, "edited_posts": 1,
             "deleted_posts": 1, "errors": 1, "status": "partial",
             "summary": "4 pages, 1 edited, 1 deleted, 1 error"},
        ]
    )
    db["run_errors"].insert(
        {"id": 1, "run_id": 2, "url": f"{FORUM_URL}?topic=101.20", "kind": "fetch", "status": 503,
         "message": "HTTP 503 after 3 attempts", "at": "2011-04-02T02:00:40Z"}
    )
    db["frontier"].insert_all(
        [
            {"url": FORUM_URL, "forum_id": 1, "kind": "board_index", "seq": 0, "state": "done", "attempts": 1,
             "last_error": None, "run_id": 2},
            {"url": f"{FORUM_URL}?topic=101.20", "forum_id": 1, "kind": "topic", "seq": 7, "state": "failed",
             "attempts": 3, "last_error": "HTTP 503", "run_id": 2},
        ]
    )


def _post(msg_id, topic_id, position, member_id, author, subject, posted_at, *, html, text, commentary,
          edited_at=None, edited_by=None, deleted_seen_at=None) -> dict:
    return {
        "forum_id": 1,
        "msg_id": msg_id,
        "topic_id": topic_id,
        "position": position,
        "subject": subject,
        "member_id": member_id,
        "author_name": author,
        "posted_at": posted_at,
        "posted_at_raw": posted_at.replace("T", " ").rstrip("Z"),
        "edited_at": edited_at,
        "edited_at_raw": edited_at and edited_at.replace("T", " ").rstrip("Z"),
        "edited_by": edited_by,
        "body_html": html,
        "body_text": text,
        "signature": None,
        "commentary": commentary,
        "first_seen_at": "2011-04-01T02:00:05Z",
        "deleted_seen_at": deleted_seen_at,
    }
