"""A user's line that starts in lower case ("lol, nothing changes") or with a dash and a word
in lower case ("-- the usual suspects, again."), typed right under a cable's line that ends a
sentence on its stop, is his (``tails._closes``): the cable's next sentence starts with a
capital, and its dash stands inside a sentence, never after its stop. Before, under a last
line that filled the cable's wrap width (a sentence there may go on, on the next line), the
remark was read as the paragraph going on. A stop that ends an abbreviation ("Inc.", "vs.",
``abbreviations.txt``) or the letters of one ("U.S.") ends no sentence, and the cable's own
lowercase lines under a stop (a redaction "xxxxx", "van Voorst") stay the cable's.

The cables are the tuning part's half-A cables, copied up to the end of their last sentence
(``bench/cable_alone.py``'s ``stopped_short``: the way a copy stops above the signer), with or
without the routing header above, and the user's remark on the very next line.
"""

from __future__ import annotations

import re

import pytest
from split_util import norm, pc

from scraper.relate import relate_post

REMARKS = ("-- the same names keep coming up, again.", "-- and nobody asked why, of course.",
           "lol, nothing changes", "so much for quiet diplomacy.")
# A last line that ends a sentence on a word's stop (not on "U.S.", where the copy may have
# stopped mid-sentence).
_LAST_STOPPED = re.compile(r"(?:(?<![.\w'’-])[A-Za-z]{2,}|\))[.!?][ \t]*$")


@pytest.fixture(scope="module")
def stopped(half_a) -> list[tuple[dict, str]]:
    from cable_alone import stopped_short  # (bench/, put on the path by the ``tune`` fixture)

    cut = ((c, stopped_short(pc._body(c))) for c in half_a[::3])
    return [(c, body) for c, body in cut if _LAST_STOPPED.search(body.rsplit("\n", 1)[-1])]


@pytest.mark.parametrize("remark", REMARKS, ids=lambda r: r.strip("- ").split()[0].strip(","))
@pytest.mark.parametrize("layout", ("header", "body"))
def test_a_dashed_lowercase_line_under_a_finished_sentence_is_the_users(stopped, layout, remark):
    assert len(stopped) >= 150
    wrong = []
    for c, body in stopped:
        url = pc._url(c)
        paste = f"{pc._header(c)}\n\n{body}" if layout == "header" and pc._header(c) else body
        text, links, blocks = pc.render_as_smf(f"{url}\n\n{paste}\n{remark}")
        got = relate_post(text, links, code_blocks=blocks)
        if norm(got.commentary) != norm(f"{url} {remark}"):
            wrong.append(c["id"])
    # (Before, about 1 in 5 of the 596 copies took the remark in; 11 when written.)
    assert len(wrong) <= len(stopped) // 40, (len(stopped), len(wrong), wrong[:10])


_LOWER_UNDER_STOP = re.compile(r"(?m)^[^\n]*(?<![.\w'’-])[A-Za-z]?[a-z]{2,}[.!?][ \t]*\n[ \t]*[a-z]")


def test_the_cables_own_lowercase_lines_under_a_stop_stay_in(half_a):
    """Half A's cables that hold a lowercase line under a line ended on a word's stop (a
    redaction "xxxxx", "van Voorst" under the last sentence, a bullet "o") are read whole."""
    cables = [c for c in half_a if _LOWER_UNDER_STOP.search(pc._body(c))]
    assert len(cables) >= 15
    wrong = []
    for c in cables:
        url = pc._url(c)
        text, links, blocks = pc.render_as_smf(f"{url}\n\n{pc._full(c)}")
        if norm(relate_post(text, links, code_blocks=blocks).commentary) != norm(url):
            wrong.append(c["id"])
    assert len(wrong) <= len(cables) // 20, (len(cables), wrong)
