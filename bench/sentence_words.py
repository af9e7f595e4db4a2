"""Measure the words the cables capitalise only to start a sentence into ``scraper/cables/sentence_words.txt``.

    .venv/bin/python bench/sentence_words.py [--min-seen N]

A fact table for the splitter: the words that, capitalised at a line's start, begin a new
sentence rather than go on with the one the line above broke off. Inside a sentence (after a
lowercase letter or a comma and one blank) the cables write such a word in lowercase ("...
the talks, however, stalled"); a name or a title is capitalised there ("... said President
Karzai"). A word seen so in lowercase at least N times (default 5) and capitalised there in
at most 1 of 30 of its uses (a title's "Interesting Times", a quoted headline) is a sentence's
word: "However", "There", "Interesting". Unlike ``common_words.txt`` (never capitalised
inside a sentence, for the signer's name), this table allows the odd capital: it weighs a line
break, not a name. Measured over the tuning part's bodies only (the held-out part stays
unseen). ``cables/blocks.py`` reads it (``starts_sentence``). Lowercase, one a line, sorted.
"""

from __future__ import annotations

import re

from fact_table import in_sentence_counts, table_args, tuning_cables, write_table

# A word inside a sentence: after a lowercase letter or a comma and one blank (not after a
# full stop, a colon or a portion marking's bracket, where a sentence may start).
_IN_SENTENCE_RE = re.compile(r"(?<=[a-z,] )([A-Za-z][a-z]+)\b")

# The share of a word's in-sentence uses that may be capitalised: 1 in RATIO.
RATIO = 30


def main() -> None:
    min_seen = table_args(__doc__, "--min-seen", 5)
    tune = tuning_cables()
    lower, capital = in_sentence_counts(tune, _IN_SENTENCE_RE)
    write_table("sentence_words.txt", (w for w, n in lower.items() if n >= min_seen and capital[w] * RATIO <= n),
                f"words (of {len(lower)} seen in lowercase inside a sentence in the bodies of {len(tune)} tuning cables)")


if __name__ == "__main__":
    main()
