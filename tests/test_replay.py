"""The replay server: captured pages served as captured, URL forms, overrides, faults."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from scraper.replay import DEFAULT_ROBOTS_TXT, ReplayServer, find_sample_dir

SAMPLES = ("smf20", "smf21")


def manifest(name: str) -> list[dict]:
    return json.loads((find_sample_dir(name) / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=SAMPLES)
def shared_server(request):
    with ReplayServer(find_sample_dir(request.param)) as server:
        yield server


@pytest.fixture
def server():
    with ReplayServer(find_sample_dir("smf20")) as server:
        yield server


@pytest.fixture
def client():
    with httpx.Client(trust_env=False, timeout=5) as client:
        yield client


def raw_get(server: ReplayServer, path_query: str, *, timeout: float = 5) -> tuple[int, dict, bytes]:
    """GET with http.client, reading the body exactly as sent."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request("GET", path_query)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


# --- pages as captured ------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_every_manifest_url_is_served_as_captured(name, client):
    with ReplayServer(find_sample_dir(name)) as server:
        new_base = f"http://127.0.0.1:{server.port}".encode()
        for entry in manifest(name):
            captured = entry["url"]
            path_query = captured.split(server.captured_base, 1)[1]
            response = client.get(server.root.rstrip("/") + path_query)
            expected = (find_sample_dir(name) / entry["file"]).read_bytes()
            assert response.status_code == entry["http_status"], path_query
            assert response.headers["content-type"] == entry["content_type"]
            assert response.content == expected.replace(server.captured_base.encode(), new_base)
            assert server.captured_base.encode() not in response.content
            assert new_base in response.content  # every sample links back to the forum


def test_base_url_and_root(shared_server, client):
    assert shared_server.base_url == f"http://127.0.0.1:{shared_server.port}/index.php"
    assert shared_server.root == f"http://127.0.0.1:{shared_server.port}/"
    assert client.get(shared_server.base_url).status_code == 200
    # A forum installed at the web root answers "/" with the board index.
    assert client.get(shared_server.root).content == client.get(shared_server.base_url).content


def test_ampersand_and_sef_forms_map_to_the_same_page(shared_server, client):
    def body(path_query: str) -> bytes:
        response = client.get(shared_server.url(path_query))
        assert response.status_code == 200, path_query
        return response.content

    assert body("index.php?action=.xml&type=rss") == body("index.php?action=.xml;type=rss")
    assert body("index.php?action=printpage&topic=200176.0") == body("index.php?action=printpage;topic=200176.0")
    assert body("index.php/topic,200457.15.html") == body("index.php?topic=200457.15")
    assert body("index.php/board,102.0.html") == body("index.php?board=102.0")


@pytest.mark.parametrize("path_query", ["/index.php?topic=1.0", "/nothing.html", "/index.php?board=102.15"])
def test_unknown_pages_are_404_with_a_small_html_body(shared_server, path_query):
    status, headers, body = raw_get(shared_server, path_query)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"404" in body and len(body) < 500


def test_request_log_keeps_order_and_counts(server, client):
    client.get(server.url("index.php?topic=200457.0"))
    client.get(server.url("index.php/topic,200457.15.html"))
    client.get(server.url("index.php?topic=200457.0"))
    client.head(server.base_url)
    assert server.requests == (
        ("GET", "/index.php?topic=200457.0"),
        ("GET", "/index.php/topic,200457.15.html"),
        ("GET", "/index.php?topic=200457.0"),
        ("HEAD", "/index.php"),
    )
    assert server.request_count("/index.php?topic=200457.0") == 2
    assert server.request_count("index.php?topic=200457.0") == 2
    assert server.request_count("/index.php?topic=200391.0") == 0
    server.clear_requests()
    assert server.requests == ()


# --- robots.txt ---------------------------------------------------------------


def test_robots_txt_default_custom_and_missing(client):
    sample = find_sample_dir("smf20")
    with ReplayServer(sample) as server:
        response = client.get(server.url("robots.txt"))
        assert response.status_code == 200 and response.text == DEFAULT_ROBOTS_TXT
        assert "Disallow: /index.php?action=" in response.text
    with ReplayServer(sample, robots_txt="User-agent: *\nDisallow: /\n") as server:
        assert client.get(server.url("robots.txt")).text == "User-agent: *\nDisallow: /\n"
    with ReplayServer(sample, robots_txt=None) as server:
        assert client.get(server.url("robots.txt")).status_code == 404


# --- overrides -----------------------------------------------------------------


def test_overrides_change_while_running_and_are_rewritten(server, client):
    url = server.url("index.php?topic=200457.0")
    original = client.get(url).content
    server.set_override("/index.php?topic=200457.0", (200, "text/html; charset=UTF-8", "edited <a href=\"http://127.0.0.1:8020/index.php\">"))
    edited = client.get(url)
    assert edited.text == f"edited <a href=\"http://127.0.0.1:{server.port}/index.php\">"
    # The override answers the other spellings of the same page too.
    assert client.get(server.url("index.php/topic,200457.0.html")).content == edited.content
    server.clear_overrides()
    assert client.get(url).content == original


def test_override_for_a_new_page_with_headers_and_a_callable(server, client):
    server.set_override("/index.php?topic=300000.0", (200, "text/html", b"<p>new topic</p>"))
    assert client.get(server.url("index.php?topic=300000.0")).content == b"<p>new topic</p>"
    server.set_override(
        "/index.php?topic=300001.0",
        (301, "text/html", b"", {"Location": server.url("index.php?topic=300000.0")}),
    )
    moved = client.get(server.url("index.php?topic=300001.0"))
    assert moved.status_code == 301 and moved.headers["location"].endswith("topic=300000.0")
    seen: list[str] = []

    def answer(path_query: str):
        seen.append(path_query)
        return (403, "text/plain", "nope")

    server.set_override("/index.php?board=102.0", answer)
    response = client.get(server.url("index.php?board=102.0&sort=subject"))
    assert response.status_code == 404  # a different query is a different page
    response = client.get(server.url("index.php?board=102.0"))
    assert (response.status_code, response.text, seen) == (403, "nope", ["/index.php?board=102.0"])


def test_overrides_given_to_the_constructor():
    overrides = {"/index.php?topic=1.0": (200, "text/plain", "one")}
    with ReplayServer(find_sample_dir("smf21"), overrides=overrides) as server:
        assert raw_get(server, "/index.php?topic=1.0")[2] == b"one"


# --- faults --------------------------------------------------------------------

TOPIC = "/index.php?topic=200457.15"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_status_fault_is_consumed_once(server, status):
    server.add_faults(TOPIC, ("status", status))
    assert raw_get(server, TOPIC)[0] == status
    assert server.pending_faults(TOPIC) == 0
    assert raw_get(server, TOPIC)[0] == 200


def test_faults_queue_in_order_and_match_other_spellings():
    with ReplayServer(find_sample_dir("smf20"), faults={TOPIC: [("status", 502), ("status", 504)]}) as server:
        assert raw_get(server, "/index.php/topic,200457.15.html")[0] == 502
        assert raw_get(server, TOPIC)[0] == 504
        assert raw_get(server, TOPIC)[0] == 200


def test_429_with_seconds_and_with_an_http_date(server):
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    server.add_faults(TOPIC, ("429", 7), ("429", when), ("429", "Wed, 21 Oct 2015 07:28:00 GMT"))
    status, headers, _ = raw_get(server, TOPIC)
    assert (status, headers["Retry-After"]) == (429, "7")
    status, headers, _ = raw_get(server, TOPIC)
    assert status == 429 and parsedate_to_datetime(headers["Retry-After"]) == when
    assert raw_get(server, TOPIC)[1]["Retry-After"] == "Wed, 21 Oct 2015 07:28:00 GMT"


def test_timeout_fault_outlasts_the_client_then_serves(server):
    server.add_faults(TOPIC, ("timeout", 1.0))
    with pytest.raises(TimeoutError):
        raw_get(server, TOPIC, timeout=0.2)
    assert raw_get(server, TOPIC)[0] == 200


def test_delay_fault_answers_late_but_normally(server):
    server.add_faults(TOPIC, ("delay", 0.3))
    started = time.monotonic()
    status, _, body = raw_get(server, TOPIC)
    assert status == 200 and b"</html>" in body
    assert time.monotonic() - started >= 0.3


def test_reset_fault_closes_without_a_response(server):
    server.add_faults(TOPIC, ("reset",))
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        raw_get(server, TOPIC)
    assert raw_get(server, TOPIC)[0] == 200


def test_truncate_fault_declares_the_full_length_and_sends_part(server):
    full = raw_get(server, TOPIC)[2]
    server.add_faults(TOPIC, ("truncate", 100))
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(f"GET {TOPIC} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert f"Content-Length: {len(full)}".encode() in head
    assert body == full[:100]


def test_empty_fault(server):
    server.add_faults(TOPIC, ("empty",))
    status, headers, body = raw_get(server, TOPIC)
    assert (status, headers["Content-Length"], body) == (200, "0", b"")


def test_encoding_fault_in_the_header(server):
    original = raw_get(server, TOPIC)[2].decode("utf-8")
    assert "¶" in original
    server.add_faults(TOPIC, ("encoding", "windows-1252"))
    status, headers, body = raw_get(server, TOPIC)
    assert headers["Content-Type"] == "text/html; charset=windows-1252"
    assert b"\xb6" in body and "¶".encode() not in body
    assert body.decode("cp1252") == original.replace("charset=UTF-8", "charset=windows-1252")


def test_encoding_fault_with_the_charset_only_in_the_meta():
    with ReplayServer(find_sample_dir("smf21")) as server:
        server.add_faults(TOPIC, ("encoding", "windows-1252", "meta"))
        _, headers, body = raw_get(server, TOPIC)
    assert headers["Content-Type"] == "text/html"
    assert b'<meta charset="windows-1252">' in body
    assert b"\xb6" in body


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize(
    ("kind", "title", "text"),
    [
        ("maintenance", b"<title>Maintenance Mode</title>", b"news will be posted once we're back!"),
        ("database_error", b"<title>Connection Problems</title>", b"Sorry, SMF was unable to connect to the database."),
    ],
)
def test_smf_error_pages(name, kind, title, text):
    with ReplayServer(find_sample_dir(name)) as server:
        server.add_faults(TOPIC, ("smf_error", kind), ("smf_error", kind, 503))
        status, headers, body = raw_get(server, TOPIC)
        assert status == 200 and "Retry-After" not in headers
        assert title in body and text in body and b'<meta name="robots" content="noindex"' in body
        assert body.startswith(b"<!DOCTYPE html PUBLIC" if name == "smf20" else b"<!DOCTYPE html>\n")
        status, headers, body = raw_get(server, TOPIC)
        assert (status, headers["Retry-After"]) == (503, "3600")  # what SMF itself sends


def test_unknown_fault_is_refused(server):
    with pytest.raises(ValueError):
        server.add_faults(TOPIC, ("explode",))
    with pytest.raises(ValueError):
        server.add_faults(TOPIC, ("smf_error", "teapot"))


def test_stop_is_prompt_during_a_slow_fault():
    server = ReplayServer(find_sample_dir("smf20"), faults={TOPIC: [("timeout", 60)]})
    errors: list[BaseException] = []

    def slow_client():
        try:
            raw_get(server, TOPIC, timeout=30)
        except BaseException as exc:  # noqa: BLE001 - the connection is dropped on stop
            errors.append(exc)

    thread = threading.Thread(target=slow_client)
    thread.start()
    while server.request_count(TOPIC) == 0:
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    thread.join(timeout=50)
    # Far short of the fault's 60 s, with room for a loaded machine.
    assert time.monotonic() - started < 20
    assert not thread.is_alive() and errors
    server.stop()  # a second stop is harmless


def test_cli_help():
    result = subprocess.run(
        [sys.executable, "-m", "scraper.replay", "--help"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0 and "--port" in result.stdout


def test_find_sample_dir_rejects_unknown_names():
    with pytest.raises(FileNotFoundError):
        find_sample_dir("smf99")
    assert (find_sample_dir("smf21") / "manifest.json").is_file()

