"""URL canonicalisation: one canonical form per page, nothing off the forum, no action= pages."""

from __future__ import annotations

import pytest

from scraper.errors import UsageError
from scraper.urls import SmfUrl, build_url, canonical_url, forum_root, parse_smf_url

ROOT = "https://forum.example.org/index.php"


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://forum.example.org/index.php", ROOT),
        ("https://forum.example.org/", ROOT),
        ("https://Forum.Example.org/index.php?topic=200176.0", ROOT),
        ("https://forum.example.org/index.php/topic,200176.0.html", ROOT),
        ("https://forum.example.org/index.php?board=102.0", ROOT),
        ("http://example.org/smf/index.php?topic=1.0", "http://example.org/smf/index.php"),
        ("http://example.org/smf/", "http://example.org/smf/index.php"),
    ],
)
def test_forum_root(url, root):
    assert forum_root(url) == root


@pytest.mark.parametrize("url", ["ftp://example.org/", "not a url", "mailto:x@example.org"])
def test_forum_root_refuses_non_http(url):
    with pytest.raises(UsageError):
        forum_root(url)


@pytest.mark.parametrize(
    ("href", "canonical"),
    [
        ("index.php?topic=200176.0", f"{ROOT}?topic=200176.0"),
        ("/index.php?topic=200176.0", f"{ROOT}?topic=200176.0"),
        (f"{ROOT}?topic=200176.15", f"{ROOT}?topic=200176.15"),
        (f"{ROOT}?topic=200176", f"{ROOT}?topic=200176.0"),
        (f"{ROOT}?topic=200176.0#msg1197124", f"{ROOT}?topic=200176.0"),
        (f"{ROOT}?PHPSESSID=abc123;topic=200176.0", f"{ROOT}?topic=200176.0"),
        (f"{ROOT}?topic=200176.0&PHPSESSID=abc123", f"{ROOT}?topic=200176.0"),
        (f"{ROOT}?topic=200176.0;prev_next=next#new", f"{ROOT}?topic=200176.0"),
        (f"{ROOT}?topic=200176.msg1197124#msg1197124", f"{ROOT}?topic=200176.msg1197124"),
        (f"{ROOT}/topic,200176.15.html", f"{ROOT}?topic=200176.15"),
        (f"{ROOT}?board=102.0", f"{ROOT}?board=102.0"),
        (f"{ROOT}?board=102.20;wap2", f"{ROOT}?board=102.20"),
        (f"{ROOT}/board,102.0.html", f"{ROOT}?board=102.0"),
        (ROOT, ROOT),
        ("https://forum.example.org/", ROOT),
        (f"{ROOT}?action=forum", ROOT),
    ],
)
def test_canonical_url(href, canonical):
    assert canonical_url(href, root=ROOT) == canonical


@pytest.mark.parametrize(
    "href",
    [
        f"{ROOT}?action=profile;u=21344",
        f"{ROOT}?action=login",
        f"{ROOT}?action=register",
        f"{ROOT}?action=search",
        f"{ROOT}?action=printpage;topic=200176.0",
        f"{ROOT}?action=help",
        f"{ROOT}?action=.xml;type=rss",
        f"{ROOT}?board=102.0;sort=views",
        f"{ROOT}?topic=200176.0;all",
        f"{ROOT}?topic=200176.new#new",
        "http://forum.example.org/index.php?topic=1.0",  # another scheme
        "https://other.example.org/index.php?topic=1.0",  # another host
        "https://forum.example.org/other.php?topic=1.0",  # another script
        "http://213.251.145.96/cable/2008/01/08MEXICO23.html",
        "javascript:void(0);",
    ],
)
def test_pages_we_never_walk(href):
    assert canonical_url(href, root=ROOT) is None


def test_a_msg_jump_keeps_its_msg_until_the_page_says_where_it_is():
    target = parse_smf_url(f"{ROOT}?topic=200176.msg1197124#msg1197124", root=ROOT)
    assert target == SmfUrl("topic", 200176, 0, 1197124)
    assert build_url(ROOT, SmfUrl("topic", 200176, 15)) == f"{ROOT}?topic=200176.15"
