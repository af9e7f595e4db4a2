"""What the fact-table scripts share (``heading_words.py``, ``tag_codes.py``, ``common_words.py``, ``sentence_words.py``):
the tuning part's cables (the held-out part stays unseen), and writing a table into the
package, one entry a line, sorted, with the line the script prints about it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402


def table_args(doc: str, option: str, default: int) -> int:
    """Parse a fact-table script's one option (``--min-cables``, ``--min-seen``) and return it."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(option, type=int, default=default)
    return getattr(parser.parse_args(), option.lstrip("-").replace("-", "_"))


def tuning_cables() -> list[dict]:
    """The tuning part's cables: the only ones a fact table is measured on."""
    return pc.split_corpus(pc.load_corpus())["tune"]


def write_table(name: str, entries: Iterable[str], what: str) -> None:
    """Write ``entries`` sorted, one a line, into ``scraper/cables/<name>``; print how many, and ``what`` they are of."""
    kept = sorted(entries)
    out = ROOT / "scraper" / "cables" / name
    out.write_text("".join(f"{e}\n" for e in kept), encoding="utf-8")
    print(f"{len(kept)} {what} -> {out.relative_to(ROOT)}")
