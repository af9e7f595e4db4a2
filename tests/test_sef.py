"""A forum with search-engine-friendly URLs and a guest session: read, canonicalised, never kept."""

from __future__ import annotations

import pytest
from truth_util import assert_posts_match_truth, rows, truth

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.config import FetchConfig
from scraper.replay import ReplayServer
from scraper.urls import strip_session

SEF = SAMPLES / "smf21-sef"
FAST = FetchConfig(delay=0.0, retries=3, backoff_initial=0.01, backoff_max=0.05, timeout=5.0, cookies={"SMFCookie11": "member-session"})


@pytest.fixture(scope="module")
def sef_crawl():
    with ReplayServer(SEF, guest_session="tosadpjohsci936ru0ff7jcq3q") as server:
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FAST)
        yield db, server, result


def test_every_post_of_a_sef_forum_is_archived_as_its_database_holds_it(sef_crawl):
    db, _, result = sef_crawl
    assert result.status == "ok", result.summary
    assert_posts_match_truth(db, SEF, minutes_only=True)
    topics = {r["topic_id"]: r for r in rows(db, "select * from topics")}
    for topic in truth(SEF)["topics"]:
        assert topics[topic["id"]]["subject"] == topic["subject"]
        assert topics[topic["id"]]["replies"] == topic["num_replies"]


def test_nothing_is_fetched_twice_and_no_session_id_is_fetched_or_stored(sef_crawl):
    db, server, _ = sef_crawl
    log = [path for _, path in server.requests]
    assert len(log) == len(set(log)), "a page was fetched twice"
    assert "/index.php?topic=200457.15" in log  # the second page, linked only in SEF form
    assert not [p for p in log if "phpsessid" in p.lower()]
    for table, column in (("pages", "url"), ("pages", "final_url"), ("boards", "url"), ("links", "href"),
                          ("attachments", "url"), ("frontier", "url")):
        urls = [r[0] for r in db.execute(f"select {column} from {table}") if r[0]]
        assert not [u for u in urls if "phpsessid" in u.lower()], (table, column)
    assert db.execute("select count(*) from pages").fetchone()[0] == len(log) - 1  # all but robots.txt


def test_the_guest_session_cookie_is_never_sent_back_but_given_cookies_are(sef_crawl):
    _, server, _ = sef_crawl
    cookies = dict(zip(server.requests, server.request_cookies))
    assert len(server.request_cookies) == len(server.requests) > 3
    # The given cookie goes to the forum's own pages, and to nothing else (robots.txt).
    forum_pages = [c for (_, path), c in cookies.items() if path != "/robots.txt"]
    assert len(forum_pages) > 3 and all("SMFCookie11=member-session" in c for c in forum_pages)
    assert cookies[("GET", "/robots.txt")] == ""
    assert not [c for c in server.request_cookies if "PHPSESSID" in c]


def test_both_link_forms_of_the_same_page_are_one_page():
    with ReplayServer(SEF) as server:
        db = archive.open_memory()
        crawl_replay(db, server, start=server.url("index.php/topic,200457.0.html?PHPSESSID=abc"))
        log = [path for _, path in server.requests]
    assert log.count("/index.php?topic=200457.0") == 1
    assert log.count("/index.php?topic=200457.15") == 1
    assert not [p for p in log if "topic," in p or "PHPSESSID" in p]
    assert db.execute("select count(*) from posts").fetchone()[0] == 21


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        ("http://f.org/index.php?PHPSESSID=pccmq41mcabfn9onbp9i46hbov;topic=200903.0", "http://f.org/index.php?topic=200903.0"),
        ("http://f.org/index.php?PHPSESSID=x&amp;action=profile;u=3311", "http://f.org/index.php?action=profile;u=3311"),
        ("http://f.org/index.php?PHPSESSID=x&amp;", "http://f.org/index.php"),
        ("http://f.org/index.php/topic,200457.15.html?PHPSESSID=x#msg1199150", "http://f.org/index.php/topic,200457.15.html#msg1199150"),
        ("http://f.org/index.php?topic=1.0&phpsessid=x&b=2", "http://f.org/index.php?topic=1.0&b=2"),
        ("http://f.org/index.php?action=logout;sesc=abc123", "http://f.org/index.php?action=logout"),
        ("http://f.org/index.php?myphpsessid=1", "http://f.org/index.php?myphpsessid=1"),
        ("http://213.251.145.96/cable/2008/01/08MEXICO23.html", "http://213.251.145.96/cable/2008/01/08MEXICO23.html"),
    ],
)
def test_strip_session(url, stripped):
    assert strip_session(url) == stripped
