"""Split a post pasting a real tuning cable and read the result back: shared by the tests of
the splitter's rules (the cable's ends, the text inside it, its headings)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import cable_alone  # noqa: E402
import paste_corpus as pc  # noqa: E402

from scraper.split import split_post  # noqa: E402


def norm(s: str) -> str:
    """``s`` with its whitespace runs made single spaces."""
    return " ".join(s.split())


def split(text: str) -> tuple[str, list[str]]:
    """(the commentary, the cable segments' texts), whitespace normalised."""
    segs = split_post(text)
    commentary = norm(" ".join(text[s.start : s.end] for s in segs if s.kind == "commentary"))
    return commentary, [norm(text[s.start : s.end]) for s in segs if s.kind == "cable"]


def pieces(text: str) -> list[tuple[str, str]]:
    """The post's segments in order, as (kind, text whitespace normalised), blank ones left out."""
    return [(s.kind, norm(text[s.start : s.end])) for s in split_post(text) if text[s.start : s.end].strip()]


def by_id(tune: list[dict], cid: str) -> dict:
    """The corpus record of cable ``cid``."""
    (c,) = [c for c in tune if c["id"] == cid]
    return c


def stopped_body(tune: list[dict], cid: str) -> str:
    """Cable ``cid``'s body as a user copies it, stopped after its last sentence (no signer)."""
    return cable_alone.stopped_short(pc._body(by_id(tune, cid)))


def ends_on_bullets(cables: list[dict]) -> list[dict]:
    """The cables whose body ends on a list of dashed bullets (its last block, the signer's,
    follows a block that starts "- " or "-- "), three blocks at least."""
    out = []
    for c in cables:
        blocks = [b for b in pc._body(c).split("\n\n") if b.strip()]
        if len(blocks) >= 3 and blocks[-1].lstrip().startswith("-"):
            out.append(c)
    return out


def misread_under(cables: list[dict], paste, tail: str) -> list[str]:
    """The IDs of ``cables`` whose post (the viewer's link, ``paste(c)``, then ``tail``: the
    user's words, with the line breaks before them) is not read with exactly the link and the
    user's words as its commentary, the cable linked as pasted."""
    from scraper.relate import relate_post

    wrong = []
    for c in cables:
        lead = pc._url(c)
        text, links, blocks = pc.render_as_smf(f"{lead}\n\n{paste(c)}{tail}")
        got = relate_post(text, links, code_blocks=blocks)
        pasted = {r.cable_id for r in got.relations if r.relation == "pasted"}
        if norm(got.commentary) != norm(f"{lead} {tail}") or c["id"] not in pasted:
            wrong.append(c["id"])
    return wrong
