"""Measure the TAGS codes of the corpus's tuning part into ``scraper/cables/tag_codes.txt``.

    .venv/bin/python bench/tag_codes.py [--min-cables N]

A fact table for the splitter: which words are TAGS codes (``PREL``, ``PGOV``, ``UP``,
``KNNP`` ...), measured over the WikiLeaks tags of the tuning part only (the held-out part
stays unseen). ``ends.py`` reads it to tell a TAGS list wrapped onto the next line from
a user's line in capitals typed under a cable's top. Codes of one to six capitals seen in
at least N cables (default 2) are kept, one a line, sorted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

OUT = ROOT / "scraper" / "cables" / "tag_codes.txt"
_CODE_RE = re.compile(r"[A-Z]{2,6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-cables", type=int, default=2)
    args = parser.parse_args()
    tune = pc.split_corpus(pc.load_corpus())["tune"]
    seen: Counter[str] = Counter()
    for c in tune:
        seen.update({t.strip().upper() for t in c.get("tags") or () if _CODE_RE.fullmatch(t.strip().upper())})
    codes = sorted(t for t, n in seen.items() if n >= args.min_cables)
    OUT.write_text("".join(f"{t}\n" for t in codes), encoding="utf-8")
    print(f"{len(codes)} codes (of {len(seen)} seen in {len(tune)} tuning cables) -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
