"""Where a pasted excerpt goes on by how the cable's text was copied (``cables.excerpt_copy``).

Real half-A cables of the tuning part, pasted the way users paste them: "From <ID>, this
bit:", a blank line, the excerpt, the user's remark. The whole excerpt is the cable's and
the remark is commentary.
"""

from __future__ import annotations

from excerpt_util import paste_excerpt


def _body(tune: list[dict], cid: str) -> str:
    return next(c["body"] for c in tune if c["id"] == cid)


def _from(body: str, first: str, last: str) -> str:
    """The cable's text from the line starting ``first`` to the end of the line ending ``last``."""
    a = body.index(first)
    b = body.index(last, a) + len(last)
    return body[a:b]


def test_a_list_that_keeps_the_copys_spaces_goes_on(tune) -> None:
    # 09REYKJAVIK49: under the contact paragraph, short lines that are no sentence ("Hours
    # spent on preparation: " / "- Pol Officer (FS 02) 18 hrs " / ... / "Total:    63 hrs");
    # each but the last keeps the space the copy left at its end, as no user types.
    excerpt = _from(_body(tune, "09REYKJAVIK49"), "¶1.  (SBU) Embassy point", "Total:    63 hrs")
    assert excerpt.count(" \n") >= 8  # (the copy's spaces: what the rule reads)
    remark = "SPP = Security and Prosperity Partnership."
    _, cable, comm = paste_excerpt("09REYKJAVIK49", excerpt, remark, "\n\n")
    assert cable == excerpt
    assert comm == "From 09REYKJAVIK49, this bit: " + remark


def _double_spaced(text: str) -> str:
    # A double-spaced copy whose lines lost their ends' spaces: a blank line under every line.
    return "\n \n".join(ln.rstrip() for ln in text.split("\n") if ln.strip())


def test_a_double_spaced_paragraph_goes_on_across_a_name(tune) -> None:
    # 09BUENOSAIRES976's comment, a blank line under every wrapped line: "... his
    # predecessor, Carlos" / "Fernandez, and more comfortable in his skin than Martin" goes
    # on with the sentence at the cable's wrap, though it starts with a capital.
    para = _from(_body(tune, "09BUENOSAIRES976"), "¶6. (C) Comment: Now a month", "capital markets.  He'll need those skills and more")
    excerpt = _double_spaced(para)
    remark = "Boudou again. Nothing changes."
    _, cable, comm = paste_excerpt("09BUENOSAIRES976", excerpt, remark, "\n\n")
    assert cable == excerpt
    assert comm == "From 09BUENOSAIRES976, this bit: " + remark


def test_lines_typed_under_the_next_sections_ruled_heading_are_commentary(tune) -> None:
    # 09STATE52368: the excerpt ends on the next section's heading on its rules of dashes;
    # the user's lines typed right under it, a long one among them and his first name under
    # them, are his (``excerpts.ruled_heading_cut``, read as typed lines).
    body = _body(tune, "09STATE52368")
    excerpt = _from(body, "¶6. (C) Costner requested", "CCM AT NATO\n-----------")
    remark = ("So that is what the CCM line in the other cables meant.\n"
              "I had always wondered why the storage question dragged on for so long, and I think the answer is "
              "that nobody in Washington wanted to decide it before the summit.\nDave")
    _, cable, comm = paste_excerpt("09STATE52368", excerpt, remark, "\n")
    assert cable == excerpt
    assert comm == "From 09STATE52368, this bit: " + " ".join(remark.split())
