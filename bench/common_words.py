"""Measure the cables' common words (never a name) into ``scraper/cables/common_words.txt``.

    .venv/bin/python bench/common_words.py [--min-seen N]

A fact table for the splitter: the words the cables themselves use only as common words.
Inside a sentence (after a word, a digit, a comma or a bracket, then a blank) a common word
is written in lowercase and a name is capitalised ("... Ambassador Scobey said", "... said
that rice prices ..."). A word seen so in lowercase at least N times (default 2) and never
capitalised there is no surname: no cable's author is called "Unbelievable". A word that
signs a tuning cable (its signer as ``find_signer`` reads it) is a name all the same, and left
out: a plural such as SHIELDS or WILLS is a surname too. Measured over the tuning part's
bodies only (the held-out part stays unseen). ``cables/signers.py`` reads the table
(``is_name``): a line made of such words only, where a cable's signer would stand, is a
user's shout ("SHOCKING"), no name. Words of three letters or more, lowercase, one a line,
sorted.
"""

from __future__ import annotations

import re
import sys

from fact_table import ROOT, in_sentence_counts, table_args, tuning_cables, write_table

sys.path.insert(0, str(ROOT))

from scraper.cables.signer import find_signer  # noqa: E402

# A word inside a sentence: after a letter, a digit, a comma, a semicolon, a colon or a
# closing bracket and one blank (not after a full stop: a sentence's first word is capitalised).
_IN_SENTENCE_RE = re.compile(r"(?<=[A-Za-z0-9,;:)] )([A-Za-z][a-z]{2,})\b")


def main() -> None:
    min_seen = table_args(__doc__, "--min-seen", 2)
    tune = tuning_cables()
    lower, capital = in_sentence_counts(tune, _IN_SENTENCE_RE)
    signed = {w.lower() for c in tune if (s := find_signer(c["body"])) for w in re.findall(r"[A-Za-z']+", s)}
    write_table("common_words.txt", (w for w, n in lower.items() if n >= min_seen and not capital[w] and w not in signed),
                f"words (of {len(lower)} seen in lowercase in the bodies of {len(tune)} tuning cables)")


if __name__ == "__main__":
    main()
