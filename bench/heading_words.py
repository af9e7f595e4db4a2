"""Measure the words of cable headings in capitals into ``scraper/cables/heading_words.txt``.

    .venv/bin/python bench/heading_words.py [--min-cables N]

A fact table for the splitter: the words that stand in the capitals headings of cables
(``BACKGROUND``, ``ECONOMIC``, ``OUTLOOK`` ...), measured over the tuning part only (the
held-out part stays unseen). A heading line is a line in capitals alone in a cable whose
prose is in mixed case (in an all-capitals cable every line is in capitals), not a label
of the top. ``cables/ends.py`` reads the table to tell an excerpt that ends on a heading
from a user's line in capitals under it: a shout is made of sentence words a heading
seldom holds ("WAKE", "READ", "EVERYONE"). Words of four or more letters seen in the
headings of at least N cables (default 3) are kept, one a line, sorted.
"""

from __future__ import annotations

import re
from collections import Counter

from fact_table import table_args, tuning_cables, write_table

_LINE_RE = re.compile(r"^[ \t\xa0]*(?:[0-9]{1,2}\.[ \t\xa0]*)?([A-Z][A-Z0-9 ,.;:'&/()-]{2,100})[ \t\xa0]*$", re.M)
_LABEL_RE = re.compile(r"(?:TAGS|SUBJ|E\.?O|REF|SIPDIS|NOFORN|SENSITIVE|CONFIDENTIAL|SECRET|UNCLAS|C O N|S E C|CLASSIFIED)")
_WORD_RE = re.compile(r"[A-Z][A-Z'-]{3,}")


def main() -> None:
    min_cables = table_args(__doc__, "--min-cables", 3)
    tune = tuning_cables()
    seen: Counter[str] = Counter()
    for c in tune:
        body = c["body"]
        if sum(ch.islower() for ch in body[:3000]) < 500:
            continue  # an all-capitals cable: its lines in capitals are prose, not headings
        words = set()
        for m in _LINE_RE.finditer(body):
            if _LABEL_RE.match(m.group(1)) is None:
                words.update(_WORD_RE.findall(m.group(1)))
        seen.update(words)
    write_table("heading_words.txt", (w for w, n in seen.items() if n >= min_cables),
                f"words (of {len(seen)} seen in the headings of {len(tune)} tuning cables)")


if __name__ == "__main__":
    main()
