"""Open the archive in headless Chromium, as a reader would, and check what it shows.

`smf-archive serve` (scraper.serve.serve) runs in a subprocess on 127.0.0.1 and
a free port, over the fixture archive (tests/fixture_archive.py). Each page is
loaded twice: `--dump-dom` for the DOM after scripts ran, `--screenshot` for a
picture kept in tests/artifacts/browser/ (gitignored). The fixture holds a
hostile post; a positive control first shows that the same HTML, rendered raw,
does run in this browser, so "it did not run" means something.

Chromium may reach 127.0.0.1 only (`--host-resolver-rules`).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fixture_archive import FORUM_URL, HOSTILE_HTML, PWNED, build_archive

pytest.importorskip("datasette")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium not installed (Debian: apt-get install -y chromium); browser checks skipped",
    ),
]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # Give onerror handlers and timers time to fire before the DOM is dumped.
    "--virtual-time-budget=1500",
]

# name -> (path, strings the rendered DOM must contain)
PAGES = {
    "index": ("/", ["SMF cable archive", "archive"]),
    "database": ("/archive", ["One archive: forums, boards", "Cables most discussed", "A topic's timeline"]),
    "posts": ("/archive/posts", ["Every post archived", "Alice Researcher", "6 rows", "forum&nbsp;↗"]),
    "post-hostile": ("/archive/posts/1,1005", ["bold and harmless", "mallory", "a real link"]),
    "post-row": ("/archive/posts/1,1001", [
        "embassy view of the cartel violence", "CARTEL VIOLENCE IN THE NORTHERN STATES",
        f'href="{FORUM_URL}?topic=100.msg1001#msg1001"', "versions"]),
    "post-versions": ("/archive/post_versions", ["bold and harmless", "Alice Researcher"]),
    "cable-row": ("/archive/cables/08MEXICO23", [
        "CARTEL VIOLENCE IN THE NORTHERN STATES", "Links from other tables", "referenced by",
        'href="/archive/cable_posts?id=08MEXICO23"']),
    "canned-query": ("/archive/cable_posts?id=08MEXICO23", [
        "Every post that touches a cable", "quoted", "mentioned", "bob_reader"]),
    "search": ("/archive/posts?_search=embassy+view", ["1 row where search matches", "Alice Researcher"]),
    "cables-search": ("/archive/cables?_search=reftel", ["10STATE555"]),
    "most-discussed": ("/archive/most_discussed_cables", ["08MEXICO23", "09MEXICO100"]),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Run `serve()` on the fixture archive; yield its base URL."""
    archive = build_archive(tmp_path_factory.mktemp("browser") / "archive.db")
    yield from serve_in_subprocess(archive, tmp_path_factory)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """Run `serve()` on the archive `smf-archive demo` builds from the real captured forum."""
    from click.testing import CliRunner

    from scraper.cli import main

    archive = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(main, ["demo", str(archive), "--quiet"])
    assert result.exit_code == 0, result.output
    yield from serve_in_subprocess(archive, tmp_path_factory)


def serve_in_subprocess(archive: Path, tmp_path_factory):
    port = free_port()
    code = f"from scraper.serve import serve; serve({str(archive)!r}, host='127.0.0.1', port={port})"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: Datasette's start-up is seconds of CPU, many times that on a loaded machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=10):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def chromium(url: str, profile: Path, *extra: str) -> str:
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True, text=True, timeout=300,  # a headless browser on a loaded machine
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def load(url: str, name: str, workdir: Path) -> str:
    """Return the DOM of `url` after its scripts ran, and keep a screenshot of it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dom = chromium(url, workdir / f"{name}-dom", "--dump-dom")
    (ARTIFACTS / f"{name}.html").write_text(dom, encoding="utf-8")
    chromium(url, workdir / f"{name}-shot", f"--screenshot={ARTIFACTS / f'{name}.png'}",
             "--window-size=1280,900")
    return dom


def ran_forum_code(dom: str) -> list[str]:
    """What in a dumped DOM shows that the hostile post's code ran."""
    signs = []
    title = re.search(r"<title>(.*?)</title>", dom, flags=re.S)
    if title and PWNED in title.group(1):
        signs.append("document.title changed")
    if f'id="{PWNED}"' in dom:
        signs.append("element injected")
    if re.search(rf"<script[^>]*>[^<]*{PWNED}", dom):
        signs.append("forum <script> in the DOM")
    body = dom.split("</head>", 1)[-1]
    if re.search(r"<(iframe|img)\b", body) or "onerror" in body:
        signs.append("forum img/iframe in the DOM")
    if re.search(r"""\son\w+\s*=\s*["'][^"']*""" + PWNED, dom):
        signs.append("event handler attribute in the DOM")
    if re.search(r"""href\s*=\s*["']\s*javascript:""", dom, flags=re.I):
        signs.append("javascript: link in the DOM")
    return signs


def load_all(base: str, pages: dict[str, tuple[str, list[str]]], workdir: Path) -> dict[str, str]:
    """Load pages in parallel (each Chromium has its own profile); return name -> DOM."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {name: pool.submit(load, base + path, name, workdir) for name, (path, _) in pages.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def pages(server, tmp_path_factory) -> dict[str, str]:
    return load_all(server, PAGES, tmp_path_factory.mktemp("chromium"))


def test_positive_control_hostile_html_runs_when_rendered_raw(tmp_path):
    # The same HTML, served raw, does run here: so the checks below can see it.
    raw = tmp_path / "raw.html"
    raw.write_text(f"<!doctype html><html><head><title>raw</title></head><body>{HOSTILE_HTML}</body></html>")
    dom = chromium(raw.as_uri(), tmp_path / "profile", "--dump-dom", "--allow-file-access-from-files")
    assert "document.title changed" in ran_forum_code(dom)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_shows_its_content(name, pages):
    dom = pages[name]
    missing = [text for text in PAGES[name][1] if text.replace("&", "&amp;") not in dom and text not in dom]
    assert missing == [], f"{name}: missing {missing}; see {ARTIFACTS / (name + '.png')}"
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_forum_code_runs(name, pages):
    assert ran_forum_code(pages[name]) == []


def test_hostile_post_is_sanitised_not_dropped(pages):
    dom = pages["post-hostile"]
    assert re.search(r'<a href="https://example.com/story" rel="nofollow noopener noreferrer">a real link</a>',
                     dom)
    assert "<b>bold and harmless</b>" in dom
    # Its commentary holds a <script> tag as text: shown, escaped, inert.
    assert f"&lt;script&gt;document.title='{PWNED}'&lt;/script&gt;" in dom


def test_post_row_is_laid_out_vertically_with_descriptions(pages):
    dom = pages["post-row"]
    assert "smf-row-vertical" in dom  # our row-page script ran
    assert 'data-column-description="The user\'s own words' in dom or "The user&#39;s own words" in dom \
        or "The user's own words" in dom


# The demo archive: real posts and cables crawled from the captured SMF 2.0 forum.
DEMO_PAGES = {
    "demo-posts": ("/demo/posts", ["33 rows", "birther truther tenther", "DriftingSmoke"]),
    "demo-cable": ("/demo/cables/08MEXICO23", [
        "DRAFT COUNTRY TERRORISM REPORT FOR 2007", "Embassy Mexico", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "BASSETT"]),
    "demo-cable-posts": ("/demo/cable_posts?id=10MEXICO27", ["1197140", "1199059", "1199101", "quoted", "pasted"]),
    "demo-commentary": ("/demo/cable_commentary?id=10MEXICO27", ["no terrorism in Mexico"]),
    "demo-search": ("/demo/posts?_search=Merida", ["birther truther tenther", "Shared responsibility"]),
    "demo-seed-post": ("/demo/posts/1,1197124", ["08MEXICO23", "DRAFT COUNTRY TERRORISM REPORT"]),
}


@pytest.fixture(scope="module")
def demo_pages(demo_server, tmp_path_factory) -> dict[str, str]:
    return load_all(demo_server, DEMO_PAGES, tmp_path_factory.mktemp("chromium-demo"))


@pytest.mark.parametrize("name", sorted(DEMO_PAGES))
def test_demo_archive_page_shows_real_content_and_runs_no_forum_code(name, demo_pages):
    dom = demo_pages[name]
    missing = [text for text in DEMO_PAGES[name][1] if text.replace("&", "&amp;") not in dom and text not in dom]
    assert missing == [], f"{name}: missing {missing}; see {ARTIFACTS / (name + '.png')}"
    assert ran_forum_code(dom) == []
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000
