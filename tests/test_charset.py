"""Charsets: valid UTF-8 wins over a legacy claim; garbled text is recognised; old archives upgrade."""

from __future__ import annotations

import sqlite3
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.charset import decode_body, repair_mojibake, same_but_for_charset
from scraper.replay import ReplayServer

TEXT = "Caf\u00e9 \u201cquoted\u201d \u2013 \u00b614. na\u00efve \u00a0 \u20ac5 \U0001F600"


@pytest.mark.parametrize("header", ["text/html; charset=ISO-8859-1", "text/html; charset=windows-1252",
                                    "text/html; charset=us-ascii", "text/html"])
def test_valid_utf8_wins_over_a_legacy_claim(header):
    body = f'<html><head><meta charset="iso-8859-1"></head><body>{TEXT}</body></html>'.encode()
    text, encoding = decode_body(body, header)
    assert encoding == "utf-8" and TEXT in text


def test_real_legacy_bytes_keep_the_declared_charset():
    body = "<p>caf\u00e9 \u201cq\u201d</p>".encode("cp1252")
    assert decode_body(body, "text/html; charset=ISO-8859-1") == ("<p>caf\u00e9 \u201cq\u201d</p>", "windows-1252")
    assert decode_body(b"<p>plain</p>", "text/html; charset=ISO-8859-1")[1] == "windows-1252"


def test_repair_undoes_utf8_read_as_windows_1252():
    garbled = TEXT.encode().decode("windows-1252", "replace")
    # "\u201d" is E2 80 9D, and 0x9D is not windows-1252: that one was lost, the rest comes back.
    assert "\ufffd" in garbled and repair_mojibake(garbled) == TEXT.replace("\u201d", "\u00e2\u20ac\ufffd")
    assert same_but_for_charset(garbled, TEXT) and same_but_for_charset(TEXT, TEXT)
    assert not same_but_for_charset(garbled, TEXT.replace("Caf", "Tea"))
    assert not same_but_for_charset("Caf\u00e9 au lait", TEXT)
    # An entity's no-break space was read right even on a misread page.
    assert same_but_for_charset("Â¶3.\u00a0 (U) na\u00c3\u00afve", "¶3.\u00a0 (U) na\u00efve")
    # Text that merely looks odd is left alone.
    assert repair_mojibake("Ã alone, and \u00a0 an entity's space") == "Ã alone, and \u00a0 an entity's space"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_repair_of_text_read_right_changes_nothing_it_should_not(text):
    garbled = text.encode().decode("windows-1252", "replace")
    if "\ufffd" not in garbled:  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are lost by that misreading
        assert repair_mojibake(garbled) == text


def test_migration_007_redecides_the_encoding_of_stored_utf8_pages(tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        db = archive.open_archive(db_path)
        assert crawl_replay(db, server).status == "ok"
        db.close()
    conn = sqlite3.connect(db_path)
    # As an older release left it: UTF-8 pages stored as windows-1252 (the header said latin-1).
    conn.execute("update pages set encoding = 'windows-1252', content_type = 'text/html; charset=ISO-8859-1'")
    conn.execute("delete from schema_version where version >= 7")
    conn.commit()
    posts = conn.execute("select count(*) from posts").fetchone()[0]
    non_ascii = [url for url, body in conn.execute("select url, body from pages") if not zlib.decompress(body).isascii()]
    conn.close()
    assert non_ascii
    db = archive.open_archive(db_path)
    assert archive.shape.current_version(db) == archive.SCHEMA_VERSION >= 7
    encodings = dict(db.execute("select url, encoding from pages").fetchall())
    assert all(encodings[url] == "utf-8" for url in non_ascii)
    assert {e for url, e in encodings.items() if url not in non_ascii} <= {"windows-1252"}  # ASCII reads alike
    assert db.execute("select count(*) from posts").fetchone()[0] == posts
    db.close()
