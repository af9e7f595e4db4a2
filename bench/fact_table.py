"""What the fact-table scripts share (``heading_words.py``, ``tag_codes.py``, ``common_words.py``, ``sentence_words.py``):
the tuning part's cables (the held-out part stays unseen), and writing a table into the
package, one entry a line, sorted, with the line the script prints about it."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
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


def in_sentence_counts(cables: Iterable[dict], pattern: re.Pattern) -> tuple[Counter[str], Counter[str]]:
    """(lowercase uses, capitalised uses) of each word (lowercased) that ``pattern``'s group 1
    finds inside a sentence of the ``cables``' bodies: what ``common_words.py`` and
    ``sentence_words.py`` weigh, each by its own rule."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for c in cables:
        for m in pattern.finditer(c["body"]):
            w = m.group(1)
            (capital if w[0].isupper() else lower)[w.lower()] += 1
    return lower, capital


def write_table(name: str, entries: Iterable[str], what: str) -> None:
    """Write ``entries`` sorted, one a line, into ``scraper/cables/<name>``; print how many, and ``what`` they are of."""
    kept = sorted(entries)
    out = ROOT / "scraper" / "cables" / name
    out.write_text("".join(f"{e}\n" for e in kept), encoding="utf-8")
    print(f"{len(kept)} {what} -> {out.relative_to(ROOT)}")
