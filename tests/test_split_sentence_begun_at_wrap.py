"""A sentence begun at a line's end ("... ill indigenous families.  Over" / "20 individuals
received treatment.") is no signer run on after the paragraph's last sentence
(``signers.is_name``, read by ``signer_tail``): its word is one the cables capitalise only to
start a sentence (``blocks.sentence_word``). Before, "Over" read as a signer in mixed case
("... the region. Scobey"), the cable's text was taken to end there, and its next line was
cut off as the user's.

The excerpts are the tuning part's half-A cables' numbered paragraphs, copied up to the line
under such a wrap where the sentence ends, that line starting with a name or a number, and
pasted alone.
"""

from __future__ import annotations

import re

import pytest
from excerpt_util import paragraph_lines, paste_excerpt
from split_util import norm

from scraper.cables.blocks import sentence_word
from scraper.cables.signers import is_name, signer_tail

_BEGUN = re.compile(r"[.!?][ \t\xa0]+([A-Z][a-z]+)$")  # a sentence's first word last on the line


@pytest.fixture(scope="module")
def rows(half_a):
    out: dict[str, str] = {}  # (one paragraph a cable)
    for cid, lines in paragraph_lines(half_a):
        if cid in out:
            continue
        for k in range(len(lines) - 1):
            m = _BEGUN.search(lines[k])
            nxt = lines[k + 1]
            if m and sentence_word(m[1]) and nxt.rstrip()[-1:] == "." and (nxt[:1].isupper() or nxt[:1].isdigit()):
                # (the sentence going on in a name or a number: in lowercase it reads as going on anyway)
                out[cid] = "\n".join(lines[: k + 2])
                break
    return list(out.items())


def test_an_excerpt_ending_under_a_sentence_begun_at_the_wrap_is_read_whole(rows):
    assert len(rows) >= 20
    wrong = []
    for cid, para in rows:
        _, cable, comm = paste_excerpt(cid, para, "", "")
        if norm(cable) != norm(para) or comm != norm(f"From {cid}, this bit:"):
            wrong.append(cid)
    assert not wrong, (len(rows), len(wrong), wrong[:10])


def test_a_name_after_the_last_sentence_still_signs():
    assert signer_tail("... and we look forward to the visit. Scobey") is not None
    assert signer_tail("... and we look forward to the visit. SCOBEY") is not None
    assert is_name(["Leslie", "BASSETT"])
    assert signer_tail("... ill indigenous families.  Over") is None
