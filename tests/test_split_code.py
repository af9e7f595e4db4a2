"""A cable pasted in a [code] block ends with the block (split.py, smf/code_blocks.py).

Users wrap a paste in [code] to keep its layout: the block's edges are the paste's. The
page parser reads each post's code blocks (``Post.code_blocks``); the splitter holds every
paste that starts in a block to it, and takes the block from its first paste on for pasted text
(the tests at the end).
The cables are real tuning-part cables of the corpus, rendered as SMF 2.0 serves [code];
the crawl test edits a captured 2.0 topic page the same way.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest
from conftest import crawl_replay
from nightly_util import HTML, block_of, join_posts, read, split_posts, with_body

from scraper import archive
from scraper.cables.layouts import find_pasted
from scraper.relate import relate_post
from scraper.replay import ReplayServer
from scraper.smf.code_blocks import code_blocks_of
from scraper.split import split_post
from samples_util import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

LEAD = "Pasting the whole thing so the formatting survives:"
UNDER = "Note how it ends, no signature at all on this one."


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def cables(tune) -> list[dict]:
    # Every 60th cable of the tuning part (a spread of eras and posts), each one paste as
    # published (not a mirror's dump of several records in one body).
    return [c for c in tune[::60] if len(find_pasted(f"{pc._header(c)}\n\n{pc._body(c)}".strip())) == 1][:60]


def test_code_blocks_are_read_from_the_served_html_of_each_smf_version():
    smf20 = ('Here:<br /><div class="codeheader">Code: <a href="javascript:void(0);" class="codeoperation">[Select]'
             '</a></div><code class="bbc_code">UNCLAS&nbsp; ROME 001234<br /><br />SUBJECT: X</code>after')
    smf21 = ('<div class="codeheader"><span class="code floatleft">Code</span> <a class="codeoperation '
             'smf_select_text">[Select]</a></div><code class="bbc_code">FIRST<br />SECOND</code>')
    smf11 = 'x<div class="codeheader">Code:</div><div class="code">ONE<br />TWO</div>y'
    quoted = ('<div class="quoteheader"><div class="topslice_quote"><a href="index.php?topic=1.msg2#msg2">Quote from: '
              'someone on February 13, 2011, 10:20:36 am</a></div></div><blockquote class="bbc_standard_quote">'
              '<code class="bbc_code">IN A QUOTE</code></blockquote>mine<code class="bbc_code">OWN</code>')
    assert code_blocks_of(smf20) == ("UNCLAS\xa0 ROME 001234\n\nSUBJECT: X",)
    assert code_blocks_of(smf21) == ("FIRST\nSECOND",)
    assert code_blocks_of(smf11) == ("ONE\nTWO",)
    assert code_blocks_of(quoted) == ("OWN",)  # a quote's block is the quoted post's, not this one's
    assert code_blocks_of("no code here") == code_blocks_of(None) == ()


def _post(bbcode: str):
    text, links, blocks = pc.render_as_smf(bbcode)
    return text, links, blocks


def test_a_whole_cable_in_a_code_block_ends_with_the_block_and_the_user_line_under_it_is_his(cables):
    for c in cables:
        cable = f"{pc._header(c)}\n\n{pc._body(c)}".strip()
        for sep in ("\n", "\n\n"):  # typed on the very next line under [/code], or after a blank line
            text, links, blocks = _post(f"{LEAD}\n\n[code]\n{cable}\n[/code]{sep}{UNDER}")
            got = relate_post(text, links, code_blocks=blocks)
            pasted = [text[s.start : s.end] for s in got.segments if s.kind == "cable"]
            assert pasted == [blocks[0].strip()], c["id"]
            assert _norm(got.commentary) == _norm(f"{LEAD} {UNDER}"), c["id"]


def test_a_block_bounds_its_pastes_and_a_users_note_above_them_stays_his(cables):
    a, b = cables[3], cables[4]
    body_a, body_b = pc._body(a).strip(), pc._body(b).strip()
    # The user's own line first in the block: the paste is not stretched over it.
    text, links, blocks = _post(f"[code]\nMy notes first.\n\n{pc._header(a)}\n\n{body_a}\n[/code]\n{UNDER}")
    segs = [s for s in split_post(text, blocks) if s.kind == "cable"]
    start, end = text.find(blocks[0].strip()), text.find(blocks[0].strip()) + len(blocks[0].strip())
    assert segs and all(start < s.start and s.end <= end for s in segs)
    assert _norm(UNDER) in _norm(relate_post(text, links, code_blocks=blocks).commentary)
    # Two cables in one block: each ends where its own evidence says, none after the block.
    text, links, blocks = _post(f"[code]\n{pc._header(a)}\n\n{body_a}\n\n{pc._header(b)}\n\n{body_b}\n[/code]\n{UNDER}")
    inner = blocks[0].strip()
    end = text.find(inner) + len(inner)
    segs = [s for s in split_post(text, blocks) if s.kind == "cable"]
    assert len(segs) == 2 and all(s.end <= end for s in segs)
    assert text[end:].strip() == UNDER
    assert _norm(UNDER) in _norm(relate_post(text, links, code_blocks=blocks).commentary)


def test_without_code_blocks_the_split_is_the_grammars_alone(cables):
    """``code_blocks`` only ever narrows or widens a paste to its block: with none given the
    split is exactly what the text alone gives."""
    for c in cables[:20]:
        text, _links, blocks = _post(f"{LEAD}\n\n[code]\n{pc._body(c).strip()}\n[/code]\n{UNDER}")
        assert split_post(text) == split_post(text, ())
        inner = blocks[0].strip()
        start = text.find(inner)
        for s in split_post(text, blocks):
            if s.kind == "cable":
                assert start <= s.start and s.end <= start + len(inner), c["id"]


def _code_html(text: str) -> str:
    """[code] as SMF 2.0 serves it (Subs.php parse_bbc): the header bar, then <code>."""
    inner = html.escape(text, quote=True).replace("\n", "<br />").replace("\t", "&nbsp;&nbsp;&nbsp;")
    return ('<div class="codeheader">Code: <a href="javascript:void(0);" onclick="return smfSelectText(this);" '
            f'class="codeoperation">[Select]</a></div><code class="bbc_code">{inner}</code>')


def test_a_crawl_holds_a_served_code_block_paste_to_its_block(cables):
    """End to end: a real 2.0 topic page whose last post pastes a cable in [code] with the
    user's line typed right under it; the archive keeps the cable whole and the line as the
    user's commentary, and a reparse (code blocks read again from body_html) agrees."""
    c = next(c for c in cables if pc._header(c).startswith("VZCZC") and "\nTAGS" in pc._body(c))
    cable = f"{pc._header(c)}\n\n{pc._body(c)}".strip()
    page = read("smf20", "index.php__topic=200391.0")
    head, blocks, tail = split_posts(page)
    msg_id = 1198602
    i = block_of(blocks, msg_id)
    blocks[i] = with_body(blocks[i], msg_id, f"{html.escape(LEAD)}<br /><br />{_code_html(cable)}{html.escape(UNDER)}")
    with ReplayServer(SAMPLES / "smf20") as server:
        server.set_override("index.php?topic=200391.0", (200, HTML, join_posts(head, blocks, tail).encode()))
        db = archive.open_memory()
        assert crawl_replay(db, server).status == "ok"
    commentary = db.execute("select commentary from posts where msg_id = ?", [msg_id]).fetchone()[0]
    assert _norm(commentary) == _norm(f"{LEAD} {UNDER}")
    copy = db.execute("select cable_id, text from cable_copies where msg_id = ?", [msg_id]).fetchone()
    assert copy[0] == c["id"] and _norm(copy[1]) == _norm(cable)
    from scraper.reparse import reparse_archive

    assert reparse_archive(db).errors == 0
    assert db.execute("select commentary from posts where msg_id = ?", [msg_id]).fetchone()[0] == commentary

# --- the block from its first paste on is pasted text ----------------------------------------
# Some published cables read to the grammar as several pastes: a mirror's record holds a
# second top, a "Classified By:" line stands between a CSV dump's fields (09STATE30927).
# Pasted in a code block, the text between two such pastes, or under the block's last one,
# was left as the user's words, though the user put it in the block with the rest. The
# cables are the half-A cables that the grammar reads as more than one paste.


@pytest.fixture(scope="module")
def several(half_a) -> list[dict]:
    # Those whose copy the grammar reads as two pastes or more (70 of the half's 2,185).
    return [c for c in half_a if len(find_pasted(pc._full(c))) > 1]


def _uncovered(text: str, got, a: int, b: int) -> str:
    """The text of the block ``text[a:b]`` from its first cable segment on that no cable segment holds."""
    cables = [s for s in got.segments if s.kind == "cable" and a <= s.start < b]
    if not cables:
        return text[a:b]
    covered = [False] * (b - a)
    for s in cables:
        for i in range(max(s.start, a), min(s.end, b)):
            covered[i - a] = True
    first = cables[0].start - a
    return "".join(ch for i, ch in enumerate(text[a:b]) if i >= first and not covered[i]).strip()


def test_the_text_between_and_under_a_blocks_pastes_is_pasted(several):
    assert len(several) >= 50
    # (09STATE30927, a garbled row over its own body, was one of them; it is read as one paste
    # now: tests/test_split_authority_line.py)
    assert "09STATE30927" not in {c["id"] for c in several}
    wrong = []
    for c in several:
        for inner in (pc._full(c), pc._body(c)):
            text, links, blocks = pc.render_as_smf(f"{LEAD}\n\n[code]\n{inner}\n[/code]\n\n{UNDER}")
            got = relate_post(text, links, code_blocks=blocks)
            block = blocks[0].strip()
            a = text.find(block)
            if _uncovered(text, got, a, a + len(block)):
                wrong.append(c["id"])
            elif not text[a : min(s.start for s in got.segments if s.kind == "cable")].strip():
                # The block opens with a paste: the user's words are those outside it, exactly.
                if _norm(got.commentary) != _norm(f"{LEAD} {UNDER}"):
                    wrong.append(c["id"])
    assert not wrong, wrong


def test_the_users_words_under_the_block_stay_his(several):
    """The block's end bounds its last paste: the line under ``[/code]`` is the user's."""
    for c in several[:10]:
        text, links, blocks = pc.render_as_smf(f"[code]\n{pc._body(c)}\n[/code]\n{UNDER}")
        got = relate_post(text, links, code_blocks=blocks)
        assert _norm(UNDER) in _norm(got.commentary), c["id"]
        block = blocks[0].strip()
        end = text.find(block) + len(block)
        assert all(s.end <= end for s in got.segments if s.kind == "cable"), c["id"]


def test_a_top_above_the_blocks_first_paste_is_pasted_and_a_users_note_is_his(half_a):
    """Text above the block's first paste is the cable's when it has no word in lowercase (the
    one half-A copy whose top the grammar does not read: 09TIJUANA1116's DTG and "From:"
    line over a mirror's record); a user's note typed there stays his."""
    tops = []
    for c in half_a:
        full = pc._full(c)
        pasted = find_pasted(full)
        if pasted and full[: pasted[0].start].strip():
            tops.append(c)
    assert [c["id"] for c in tops] == ["09TIJUANA1116"]
    for c in tops:
        text, links, blocks = pc.render_as_smf(f"{LEAD}\n\n[code]\n{pc._full(c)}\n[/code]\n\n{UNDER}")
        got = relate_post(text, links, code_blocks=blocks)
        assert _norm(got.commentary) == _norm(f"{LEAD} {UNDER}"), c["id"]
        note = "My notes first, the top is below."
        text, links, blocks = pc.render_as_smf(f"[code]\n{note}\n\n{pc._full(c)}\n[/code]\n{UNDER}")
        got = relate_post(text, links, code_blocks=blocks)
        assert _norm(got.commentary) == _norm(f"{note} {UNDER}"), c["id"]
