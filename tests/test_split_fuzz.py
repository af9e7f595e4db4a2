"""Fuzz split_post with pathological inputs: it never raises, tiles the text, and stays linear.

Each input gets a generous CPU-time bound proportional to its size (a quadratic scan blows
through it by orders of magnitude: 20,000 repeated ``VZCZC`` lines once took 10 s). The
bound is on this process's CPU time, not on wall time, so a busy machine does not fail it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.split import _split, split_post

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED_CABLE = next(p["cable_text"] for p in json.loads((SAMPLES / "visible_truth.json").read_text())["posts"]
                  if "cable_text" in p)

# One unit of each pathological family; an input repeats units of one or more families.
UNITS = [
    "VZCZC\n",
    "VZCZCXRO5183\nRR RUEHCD\n",
    "UNCLAS MEXICO 000023\n",
    "S E C R E T SECTION 01 OF 04 USNATO 000115\n\n",
    "R 042201Z JAN 08\nFM AMEMBASSY MEXICO\n",
    "¶1. (C) The text of a paragraph.\n\n",
    "1. (SBU) Text\n",
    "GARZA\n",
    "Scobey\n\n",
    "NNNN\n",
    '1,1/4/2008 22:01,08MEXICO23,"Embassy Mexico",UNCLASSIFIED,,"',
    '""',
    "\\\"",
    "60015\n2006-04-10 19:22:00\n06MEXICO1889\nEmbassy Mexico\nSECRET\n",
    "Friday, 07 March 2008, 15:00\n",
    "Viewing cable 08MEXICO23, X\n",
    "This record is a partial extract of the original cable.\n",
    "[code]",
    "[/code]",
    "word. ",
    "      ",
    "\n \xa0\n",
    "MEXICO 00000023  002 OF 003\n",
    "http://213.251.145.96/cable/2008/01/08MEXICO23.html\n",
    "--------\n",
    "a" * 100,
]


def _bounded(text: str) -> None:
    t0 = time.process_time()
    segs = _split(text)  # the unguarded core: split_post's safety net must never be needed
    spent = time.process_time() - t0
    assert "".join(text[s.start : s.end] for s in segs) == text
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    assert all(s.start < s.end for s in segs)
    # Linear work: ~50 µs a character would be 0.02 MB/s, a thousand times under the
    # splitter's speed; a quadratic scan of these inputs takes far longer.
    assert spent <= max(1.5, 5e-5 * len(text)), (len(text), spent)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(UNITS), st.integers(1, 3000)), min_size=1, max_size=4))
def test_repeated_units_are_linear(parts) -> None:
    _bounded("".join(unit * n for unit, n in parts))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(UNITS) | st.just(SEED_CABLE) | st.text(max_size=30), min_size=1, max_size=300))
def test_mixed_units_never_raise(parts) -> None:
    _bounded("".join(parts))


def test_twenty_thousand_vzczc_lines() -> None:
    # issue 10: this input took the splitter 10 s (quadratic)
    _bounded("VZCZC\n" * 20_000)
    _bounded("VZCZCXRO5183\n" * 20_000)


def test_many_headers_and_long_lines() -> None:
    _bounded((SEED_CABLE + "\n\nmy words\n\n") * 40)
    _bounded(SEED_CABLE.replace("\n", " ") * 20)  # one 0.4 MB line
    _bounded(" " * 200_000 + "\nGARZA")
    _bounded("UNCLAS MEXICO 000023\n" + "x" * 300_000)


def test_split_post_never_raises_on_odd_types() -> None:
    assert split_post(None) == ()  # type: ignore[arg-type]
    assert split_post("") == ()
