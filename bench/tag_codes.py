"""Measure the TAGS codes of the corpus's tuning part into ``scraper/cables/tag_codes.txt``.

    .venv/bin/python bench/tag_codes.py [--min-cables N]

A fact table for the splitter: which words are TAGS codes (``PREL``, ``PGOV``, ``UP``,
``KNNP`` ...), measured over the WikiLeaks tags of the tuning part only (the held-out part
stays unseen). ``cables/tails.py`` reads it to tell a TAGS list wrapped onto the next line from
a user's line in capitals typed under a cable's top. Codes of one to six capitals seen in
at least N cables (default 2) are kept, one a line, sorted.
"""

from __future__ import annotations

import re
from collections import Counter

from fact_table import table_args, tuning_cables, write_table

_CODE_RE = re.compile(r"[A-Z]{2,6}")


def main() -> None:
    min_cables = table_args(__doc__, "--min-cables", 2)
    tune = tuning_cables()
    seen: Counter[str] = Counter()
    for c in tune:
        seen.update({t.strip().upper() for t in c.get("tags") or () if _CODE_RE.fullmatch(t.strip().upper())})
    write_table("tag_codes.txt", (t for t, n in seen.items() if n >= min_cables),
                f"codes (of {len(seen)} seen in {len(tune)} tuning cables)")


if __name__ == "__main__":
    main()
