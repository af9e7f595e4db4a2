"""A user's sentence typed right under a copy that stops after the cable's SUBJECT line in
capitals ("SUBJECT: (S) GERMANY TAKING ACTION ON SHIPMENT OF ..." / "Posted without
comment.") is his (``tails._closes``): a subject in capitals wraps on in capitals, never in a
sentence in mixed case. Before, with no paragraph above to measure a wrap width on, the
sentence was read as the top going on.

The tops are the tuning part's half-A cables' bodies, copied up to the end of a SUBJECT line
in capitals (its wrapped lines too), as a copy cut short there (09BERLIN406 is published so).
"""

from __future__ import annotations

import re

import pytest
from split_util import norm, pc

from scraper.relate import relate_post

REMARKS = ("Posted without comment, the rest is not out yet.", "Only the top of this one was published.")
_SUBJECT = re.compile(r"[ \t]*SUBJ(?:ECT)?:[^a-z\n]*$")


def _top(body: str) -> str | None:
    """The body up to its SUBJECT line in capitals and the lines in capitals it wraps onto."""
    lines = body.split("\n")
    for k, line in enumerate(lines):
        if _SUBJECT.match(line):
            j = k + 1
            while j < len(lines) and lines[j].strip() and lines[j] == lines[j].upper() and not lines[j].lstrip().startswith("REF"):
                j += 1
            return "\n".join(lines[:j]).rstrip()
    return None


@pytest.fixture(scope="module")
def tops(half_a) -> list[tuple[dict, str]]:
    return [(c, t) for c in half_a[::4] if (t := _top(c["body"])) and t.count("\n") >= 3]


@pytest.mark.parametrize("remark", REMARKS, ids=lambda r: r.split()[0])
def test_a_sentence_under_a_top_cut_after_its_subject_is_the_users(tops, remark):
    assert len(tops) >= 100
    wrong = []
    for c, top in tops:
        lead = pc._url(c)
        text, links, blocks = pc.render_as_smf(f"{lead}\n\n{top}\n{remark}")
        got = relate_post(text, links, code_blocks=blocks)
        if norm(got.commentary) != norm(f"{lead} {remark}"):
            wrong.append(c["id"])
    # (A subject wrapped onto three lines or more is not read so: 10 of the 494, against 390 before.)
    assert len(wrong) <= len(tops) // 40, (len(tops), len(wrong), wrong[:10])
