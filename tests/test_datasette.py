"""Datasette experience: metadata covers the schema, canned queries answer, cells are safe.

Runs Datasette in-process (`ds.client`) on the fixture archive from
tests/fixture_archive.py; the real-browser checks are in test_browser.py.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

pytest.importorskip("datasette")

from datasette.app import Datasette  # noqa: E402
from datasette.plugins import pm  # noqa: E402

from fixture_archive import FORUM_URL, PWNED, build_archive, build_empty_archive  # noqa: E402
from scraper import datasette_plugin, serve  # noqa: E402
from scraper.archive import open_memory  # noqa: E402
from scraper.archive.shape import FTS  # noqa: E402
from scraper.errors import ArchiveError, UsageError  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "README.md"
FTS_SHADOW = re.compile(r"_fts_(config|data|docsize|idx|content)$")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_archive(tmp_path_factory.mktemp("fixture") / "archive.db")


@pytest.fixture(scope="module")
def empty_archive(tmp_path_factory) -> Path:
    return build_empty_archive(tmp_path_factory.mktemp("empty") / "archive.db")


@pytest.fixture(scope="module")
def metadata() -> dict:
    return serve.load_metadata("archive")


@pytest.fixture(scope="module")
def tables(metadata) -> dict:
    return metadata["databases"]["archive"]["tables"]


@pytest.fixture(scope="module")
def queries(metadata) -> dict:
    return metadata["databases"]["archive"]["queries"]


@pytest.fixture(scope="module")
def plugin():
    serve.register_plugin()
    yield
    pm.unregister(datasette_plugin)


@pytest.fixture(scope="module")
def get(archive, metadata, plugin):
    """GET a path from Datasette serving the fixture archive; return (status, text)."""
    ds = Datasette([str(archive)], metadata=metadata)

    def fetch(path: str) -> tuple[int, str]:
        response = asyncio.run(ds.client.get(path))
        return response.status_code, response.text

    return fetch


def query_rows(path: Path, sql: str, params: dict | None = None) -> list[dict]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params or {})]
    finally:
        conn.close()


# --- metadata covers the real schema ----------------------------------------------


def test_metadata_describes_every_table_view_and_column(tables):
    db = open_memory()
    names = [n for n in db.table_names() if not FTS_SHADOW.search(n)] + db.view_names()
    missing = []
    for name in names:
        meta = tables.get(name)
        if not meta or not meta.get("description"):
            missing.append(name)
            continue
        if name.endswith("_fts"):
            continue  # hidden index: its columns are described on its table
        described = meta.get("columns") or {}
        missing += [f"{name}.{c}" for c in db[name].columns_dict if not described.get(c)]
    assert missing == [], f"undescribed in schema/metadata.yaml: {missing}"
    stale = sorted(set(tables) - set(names))
    assert stale == [], f"metadata.yaml describes tables that do not exist: {stale}"


def test_descriptions_are_whole_sentences(tables, metadata):
    # A " #" or ": " in an unquoted YAML value silently cuts the text short.
    texts = [metadata["description"]] + [t["description"] for t in tables.values()]
    texts += [d for t in tables.values() for d in (t.get("columns") or {}).values()]
    assert [t for t in texts if not str(t).rstrip().endswith((".", ")", '"'))] == []


def test_metadata_names_real_columns(tables):
    db = open_memory()
    for name, meta in tables.items():
        columns = set(db[name].columns_dict)
        for key in ("label_column", "sort", "sort_desc"):
            if key in meta:
                assert meta[key] in columns, (name, key)
        for facet in meta.get("facets", []):
            assert facet in columns, (name, facet)
        if "fts_table" in meta:
            assert meta["fts_table"] in db.table_names() and meta["fts_pk"] == "rowid"


def test_metadata_search_hidden_labels_and_sorts(tables):
    assert {f"{t}_fts" for t in FTS} <= {n for n, m in tables.items() if m.get("hidden")}
    assert {tables[t]["fts_table"] for t in FTS} == {f"{t}_fts" for t in FTS}
    assert tables["posts"]["label_column"] == "subject"
    assert tables["topics"]["label_column"] == "subject"
    assert tables["members"]["label_column"] == "name"
    assert tables["boards"]["label_column"] == "name"
    assert tables["cables"]["label_column"] == "subject"
    assert tables["posts"]["sort"] == "posted_at"
    assert tables["runs"]["sort_desc"] == "id"
    assert {"board_name", "author_name", "year"} <= set(tables["post_details"]["facets"])
    assert {"origin", "classification"} <= set(tables["cables"]["facets"])
    assert "relation" in tables["post_cables"]["facets"]


def test_metadata_loads_under_the_archive_file_name():
    meta = serve.load_metadata("demo")
    assert list(meta["databases"]) == ["demo"] and "posts" in meta["databases"]["demo"]["tables"]


# --- canned queries -----------------------------------------------------------------

PARAMS = {"id": "08MEXICO23", "topic_id": "100", "member": "7"}

EXPECTED = {
    "cable_posts": ("msg_id", [1001, 1002, 1004]),
    "posts_pasting_cable": ("msg_id", [1001]),
    "cable_commentary": ("msg_id", [1001, 1002, 1004]),
    "most_discussed_cables": ("cable_id", ["08MEXICO23", "09MEXICO100", "07PARIS4", "10STATE555"]),
    "cables_never_pasted": ("cable_id", ["09MEXICO100", "07PARIS4"]),
    "topic_timeline": ("msg_id", [1001, 1002, 1003]),
    "member_posts": ("msg_id", [1001, 1003]),
    "cables_referencing": ("cable_id", ["10STATE555"]),
}


def test_every_canned_query_has_an_expectation(queries):
    assert set(queries) == set(EXPECTED)
    for name, query in queries.items():
        assert query.get("title") and query.get("description"), name
        assert not query.get("write"), name
        assert set(query.get("params", [])) == set(re.findall(r":(\w+)", query["sql"])), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_canned_query_returns_the_right_rows(name, queries, archive, empty_archive):
    sql = queries[name]["sql"]
    params = {p: PARAMS[p] for p in queries[name].get("params", [])}
    column, expected = EXPECTED[name]
    assert [r[column] for r in query_rows(archive, sql, params)] == expected
    assert query_rows(empty_archive, sql, params) == []


def test_canned_queries_details(queries, archive):
    def run(name, **params):
        return query_rows(archive, queries[name]["sql"], params)

    # Cable IDs are found in any case; member by name in any case, or by id.
    assert [r["msg_id"] for r in run("posts_pasting_cable", id=" 08mexico23 ")] == [1001]
    assert run("posts_pasting_cable", id="08MEXICO23")[0]["completeness"] == "full"
    assert [r["msg_id"] for r in run("member_posts", member="alice researcher")] == [1001, 1003]
    assert [r["msg_id"] for r in run("member_posts", member="Guest Poster")] == [1006]
    assert run("member_posts", member="") == []
    alice = run("member_posts", member="7")
    assert [r["cables_brought"] for r in alice] == ["08MEXICO23", "10STATE555"]
    top = run("most_discussed_cables")[0]
    assert (top["posts"], top["topics"], top["authors"], top["pasted"], top["quoted"], top["mentioned"]) == (
        3, 2, 2, 1, 1, 1)
    never = {r["cable_id"]: r for r in run("cables_never_pasted")}
    assert (never["09MEXICO100"]["linked"], never["09MEXICO100"]["mentioned"]) == (1, 1)
    timeline = run("topic_timeline", topic_id="100")
    assert timeline[1]["cables"].split(", ") in (
        ["08MEXICO23 quoted", "09MEXICO100 linked"], ["09MEXICO100 linked", "08MEXICO23 quoted"])
    assert timeline[2]["edited_at"] == "2011-01-05T11:00:00Z"
    said = run("cable_commentary", id="08MEXICO23")
    assert said[0]["commentary"] == "This cable shows the embassy view of the cartel violence."


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_canned_query_runs_in_datasette(name, queries, get):
    params = "&".join(f"{p}={PARAMS[p]}" for p in queries[name].get("params", []))
    status, text = get(f"/archive/{name}.json?_shape=array&{params}")
    assert status == 200, text
    column, expected = EXPECTED[name]
    assert [r[column] for r in json.loads(text)] == expected


# --- pages and cells -----------------------------------------------------------------


def test_index_shows_described_tables_and_hides_fts(get):
    status, text = get("/archive")
    assert status == 200
    assert "One archive: forums, boards" in text and "Cables most discussed" in text
    assert 'href="/archive/posts_fts"' not in text and 'href="/archive/cables_fts_data"' not in text


def test_post_row_links_to_forum_and_cables(get):
    status, text = get("/archive/posts/1,1001")
    assert status == 200
    assert f'href="{FORUM_URL}?topic=100.msg1001#msg1001"' in text
    assert 'href="/archive/posts/1,1001"' in text
    assert 'href="/archive/post_cables?forum_id=1&amp;msg_id=1001"' in text
    assert 'href="/archive/topic_timeline?topic_id=100"' in text
    assert 'href="/archive/member_posts?member=7"' in text


def test_cable_row_links_to_every_post(get):
    status, text = get("/archive/cables/08MEXICO23")
    assert status == 200
    assert "Links from other tables" in text
    assert 'href="/archive/post_cables?cable_id=08MEXICO23"' in text
    assert 'href="/archive/cable_posts?id=08MEXICO23"' in text
    assert 'href="/archive/cables_referencing?id=08MEXICO23"' in text


def test_cable_ids_link_in_views_and_queries(get):
    _, text = get("/archive/cable_mentions")
    assert 'href="/archive/cables/08MEXICO23"' in text
    _, text = get("/archive/most_discussed_cables")
    assert 'href="/archive/cables/09MEXICO100"' in text
    assert 'href="/archive/cable_posts?id=09MEXICO100"' in text
    _, text = get("/archive/cable_references")
    assert 'href="/archive/cables/07PARIS4"' in text  # ref_id cells too


def test_search_posts_and_cables(get):
    _, text = get("/archive/posts.json?_search=embassy+view&_shape=array")
    assert [r["msg_id"] for r in json.loads(text)] == [1001]
    _, text = get("/archive/cables.json?_search=reftel&_shape=array")
    assert [r["id"] for r in json.loads(text)] == ["10STATE555"]
    _, text = get("/archive/cable_copies.json?_search=cartel&_shape=array")
    assert [r["msg_id"] for r in json.loads(text)] == [1001, 1002]


@pytest.mark.parametrize("path", ["/archive/posts", "/archive/posts/1,1005", "/archive/post_versions",
                                  "/archive/links", "/archive/topics", "/archive/post_details"])
def test_forum_html_never_reaches_the_page_live(get, path):
    status, text = get(path)
    assert status == 200
    lowered = text.lower()
    assert "onerror" not in lowered and "onmouseover" not in lowered
    assert "<iframe" not in lowered and "<img" not in lowered
    assert "javascript:" not in lowered.replace("javascript:document.title=&#39;", "")
    assert f"document.title='{PWNED}'" not in text
    assert "<b>reports</b>" not in text  # a subject is text, not HTML


def test_sanitize_post_html():
    clean = datasette_plugin.sanitize_post_html
    out = clean('<a href="javascript:alert(1)">x</a><a href="https://e.org/">y</a>'
                '<script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)>'
                '<b onclick="alert(1)">b</b><a href="index.php?topic=1.0">rel</a>', forum_url=FORUM_URL)
    assert "script" not in out and "style" not in out and "<img" not in out and "onclick" not in out
    assert "javascript" not in out and "alert" not in out
    assert '<a href="https://e.org/" rel="nofollow noopener noreferrer">y</a>' in out
    assert 'href="https://forum.example.org/index.php?topic=1.0"' in out
    assert "<b>b</b>" in out
    assert "href" not in clean('<a href="index.php?topic=1.0">rel</a>')


def test_forum_post_url():
    assert datasette_plugin.forum_post_url(FORUM_URL, 100, 1001) == (
        "https://forum.example.org/index.php?topic=100.msg1001#msg1001")
    assert datasette_plugin.forum_post_url("https://f.org/?lang=en", 1, 2) == "https://f.org/?topic=1.msg2#msg2"


# --- read-only ------------------------------------------------------------------------


def test_connections_are_query_only(archive):
    conn = sqlite3.connect(archive)
    datasette_plugin.prepare_connection(conn, "archive", None)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("delete from posts")
    conn.close()


def test_datasette_refuses_writes(get):
    status, _ = get("/archive.json?sql=delete+from+posts")
    assert status == 400
    status, text = get("/archive/posts.json?_shape=array&_size=1")
    assert status == 200 and text != "[]"


def test_datasette_args_serve_read_only(tmp_path):
    args = serve.datasette_args(tmp_path / "a.db", metadata_path=tmp_path / "m.json", port=8123)
    assert args[:2] == ["serve", str(tmp_path / "a.db")]
    assert "--immutable" not in args and "-i" not in args and "--nolock" not in args
    assert args[args.index("--host") + 1] == "127.0.0.1" and args[args.index("--port") + 1] == "8123"
    assert args[args.index("--metadata") + 1] == str(tmp_path / "m.json")
    assert "--open" in serve.datasette_args("a.db", metadata_path="m", open_browser=True)


def test_serve_without_datasette_is_a_usage_error(monkeypatch, archive):
    monkeypatch.setitem(sys.modules, "datasette.cli", None)
    with pytest.raises(UsageError, match=r"pip install 'smf-archive\[datasette\]'"):
        serve.serve(archive)


def test_serve_missing_archive(tmp_path):
    with pytest.raises(ArchiveError):
        serve.serve(tmp_path / "nope.db")


# --- README.md -------------------------------------------------------------------


def docs_sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)


def test_docs_have_ten_queries():
    assert len(docs_sql_blocks()) >= 10


@pytest.mark.parametrize("sql", docs_sql_blocks(), ids=lambda sql: sql.split("\n")[0][:40])
def test_docs_query_runs(sql, archive, empty_archive):
    assert query_rows(archive, sql), f"README.md query returned nothing on the fixture:\n{sql}"
    query_rows(empty_archive, sql)
