"""Paste each corpus cable alone and check the splitter reads all of it as cable.

    .venv/bin/python bench/cable_alone.py [--layout full|body|flat|nosigner|first_paras] [--show-a K] [--where]

The paste bench mixes two questions: where the user's words are, and whether the cable's own
text is all taken as cable. This bench asks the second alone, with no user words at all:
each cable is the whole post, as its routing header and body (``full``), its body from the
classification line (``body``) or its body with each paragraph on one line (``flat``, as
``paste_corpus``'s flattened layout) or its body cut after its last sentence, the way a copy
stops above the signer (``nosigner``), or its first paragraphs only, cut after a paragraph in
its middle (``first_paras``). Whatever the splitter leaves in the commentary is
cable text it failed to take: its top not recognised, or its end put too early.

Printed for half A and half B of the tuning part (``validation.half_of``) and for the
held-out part: the share of cables read whole. ``--show-a K`` prints what was left for K
cables of half A (never of B or of the held-out part); ``--where`` counts, per part, where the
text left sits (the top, the middle, the end: aggregate figures, safe for the held-out part).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from validation import half_of  # noqa: E402

from scraper.split import split_post  # noqa: E402

# The last line of running text: long enough to be a sentence, ending as one does.
_LAST_SENTENCE_RE = re.compile(r"^.{30,}[.!?\"')]\s*$", re.M)


def stopped_short(body: str) -> str:
    """``body`` as a copy that stops at the end of its last sentence, above the signer.

    Users often copy a cable's paragraphs and leave out what follows them (the signer,
    ``NNNN``, footers). Such a copy has nothing at its end that says "cable", so whether it
    is read whole tells how well the splitter holds a cable's own text without its signer.
    The cut is made on the text alone (the last sentence-shaped line), not by the splitter,
    so the bench does not grade the splitter with its own answer.
    """
    last = None
    for last in _LAST_SENTENCE_RE.finditer(body):
        pass
    return body[: last.end()].rstrip() if last else body


_PARA_RE = re.compile(r"^[ \t]*(?:¶[0-9]{1,3}\.|[0-9]{1,2}\.[ \t]+\()", re.M)


def first_paragraphs(c: dict) -> str:
    """``c``'s body from its top to the end of a paragraph in its middle, as a user copies
    the first few paragraphs of a long cable. Which paragraph is fixed by a hash of the ID
    (at least the first two are kept; a body with fewer than three numbered paragraphs is
    cut as ``stopped_short``)."""
    body = stopped_short(pc._body(c))
    starts = list(_PARA_RE.finditer(body))
    if len(starts) < 3:
        return body
    k = 2 + int(hashlib.sha256(c["id"].encode()).hexdigest(), 16) % (len(starts) - 2)
    return stopped_short(body[: starts[k].start()].rstrip())


LAYOUTS = {
    "full": pc._full,
    "body": pc._body,
    "flat": lambda c: pc._flatten(pc._body(c)),
    "nosigner": lambda c: stopped_short(pc._body(c)),
    "first_paras": first_paragraphs,
}


def left_over(text: str) -> str:
    """The commentary ``split_post`` leaves in ``text`` (whitespace normalised)."""
    return " ".join(" ".join(text[s.start : s.end] for s in split_post(text) if s.kind == "commentary").split())


def where_left(text: str) -> str:
    """Where the commentary ``split_post`` leaves in ``text`` sits: "" (none), or "top",
    "middle", "end" joined with "+" (aggregate figures only: which part of the grammar, the
    top's or the end's, lost the text)."""
    places = set()
    for s in split_post(text):
        if s.kind != "commentary" or not text[s.start : s.end].strip():
            continue
        if not text[: s.start].strip():
            places.add("top")
        elif not text[s.end :].strip():
            places.add("end")
        else:
            places.add("middle")
    return "+".join(p for p in ("top", "middle", "end") if p in places)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="full")
    parser.add_argument("--show-a", type=int, default=0, metavar="K", help="print what is left for K cables of half A")
    parser.add_argument("--where", action="store_true", help="also count, per part, where the text left sits (top, middle, end)")
    args = parser.parse_args()
    parts = pc.split_corpus(pc.load_corpus())
    groups = {
        "A": [c for c in parts["tune"] if half_of(c["id"]) == "A"],
        "B": [c for c in parts["tune"] if half_of(c["id"]) == "B"],
        "H": parts["held_out"],
    }
    render = LAYOUTS[args.layout]
    shown = 0
    print(f"each cable pasted alone, layout {args.layout}")
    for name, cables in groups.items():
        failing = 0
        places: dict[str, int] = {}
        for c in cables:
            text = render(c)
            rest = left_over(text)
            if rest:
                failing += 1
                if args.where:
                    place = where_left(text)
                    places[place] = places.get(place, 0) + 1
                if name == "A" and shown < args.show_a:
                    shown += 1
                    print(f"  {c['id']}: left {rest[:300]!r}")
        whole = len(cables) - failing
        print(f"{name}: {len(cables):5d} cables  read whole {100 * whole / len(cables):6.2f}%  ({failing} not)")
        if args.where:
            print("    left at " + ", ".join(f"{p} {n}" for p, n in sorted(places.items())))


if __name__ == "__main__":
    main()
