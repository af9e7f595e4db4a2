"""A hostile archive served by Datasette: stored forum URLs never become script links."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

import pytest

pytest.importorskip("datasette")
pytest.importorskip("nh3")

from datasette.app import Datasette  # noqa: E402
from datasette.plugins import pm  # noqa: E402

from fixture_archive import FORUM_URL, build_archive  # noqa: E402
from scraper import datasette_plugin, serve  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("fixture") / "archive.db")


@pytest.fixture
def plugin():
    serve.register_plugin()
    yield
    pm.unregister(datasette_plugin)


@pytest.mark.parametrize(
    "stored",
    ["javascript:alert(document.domain)//", "JavaScript:alert(1)", " data:text/html,<script>alert(1)</script>",
     'https://forum.example.org/index.php"onmouseover="alert(1)', "vbscript:msgbox(1)"],
)
def test_a_hostile_forum_url_never_renders_as_a_link(tmp_path, built, plugin, stored):
    path = tmp_path / "archive.db"
    shutil.copy(built, path)
    conn = sqlite3.connect(path)
    conn.execute("update forums set url = ?", [stored])
    conn.commit()
    conn.close()
    ds = Datasette([str(path)], metadata=serve.load_metadata("archive"))
    for page in ("/archive/posts/1,1001", "/archive/posts", "/archive/post_details"):
        response = asyncio.run(ds.client.get(page))
        assert response.status_code == 200, page
        text = response.text.lower()
        assert 'href="javascript:' not in text and 'href="data:' not in text and 'href="vbscript:' not in text
        assert "onmouseover=" not in text
    assert f'href="{FORUM_URL}' not in asyncio.run(ds.client.get("/archive/posts/1,1001")).text


def test_safe_forum_url_keeps_http_and_drops_credentials():
    assert datasette_plugin.safe_forum_url("https://forum.example.org/index.php") == "https://forum.example.org/index.php"
    assert datasette_plugin.safe_forum_url("http://bob:pw@forum.example.org:8080/smf/index.php") == (
        "http://forum.example.org:8080/smf/index.php"
    )
    for bad in ("javascript:alert(1)", "http://[::1/index.php", "//forum.example.org/", None, 42, "http:///x"):
        assert datasette_plugin.safe_forum_url(bad) is None
