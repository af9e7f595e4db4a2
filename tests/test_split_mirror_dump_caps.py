"""The other mirror's text dump, its keys in capitals ("ID: 190648" / "ORIGIN: 09KUWAIT110" /
"DATE: ..." / "SOURCE: Embassy Kuwait" / "CLASSIFICATION: ..." / "MISC: ..." /
"DESTINATION: <the header, flattened>"), opens the cable it dumps (``anchors._DUMP_CAPS_RE``).
``parse_cable`` already read it (``views.read_mirror_dump``); the splitter started the cable
only at the body's classification line, so the dump's lines were left in the commentary.

The cables are the tuning part's half-A cables with a routing header, written out as that
mirror writes them and pasted between the user's words.
"""

from __future__ import annotations

import pytest
from split_util import misread_under, norm, pc, split

from scraper.cables import parse_cable


def _caps_dump(c: dict, *, redacted: bool = False) -> str:
    """``c`` as the other mirror dumps it: capital keys, the ID under ORIGIN, the origin under
    SOURCE, the references under MISC, the routing header flattened under DESTINATION."""
    x = "XXXXXXXXXXXX"
    lines = [
        f"ID: {pc._iid(c)}",
        f"ORIGIN: {x if redacted else c['id']}",
        f"DATE: {x if redacted else c['created'][:10] + ' ' + c['created'][11:16] + ':00'}",
        f"SOURCE: {c['origin']}",
        f"CLASSIFICATION: {c['classification']}",
        f"MISC: {x if redacted else ''}",
        f"DESTINATION: {x if redacted else ''.join(c['header'].split(chr(10)))}",
    ]
    return "\n".join(lines) + "\n\n" + pc._body(c)


@pytest.fixture(scope="module")
def headed(half_a) -> list[dict]:
    return [c for c in half_a if c["header"].strip()][::8]


@pytest.mark.parametrize("redacted", (False, True), ids=("whole", "redacted"))
def test_the_dump_in_capitals_opens_the_cable(headed, redacted):
    assert len(headed) >= 100
    tail = "\n\nSame text as on the other mirror, for what it is worth."
    wrong = misread_under(headed, lambda c: _caps_dump(c, redacted=redacted), tail)
    assert len(wrong) <= len(headed) // 50, (len(headed), wrong[:10])


def test_the_dump_is_read_by_the_splitter_as_by_parse_cable(headed):
    c = headed[0]
    text = f"Look at this one:\n\n{_caps_dump(c)}"
    commentary, cables = split(text)
    assert commentary == "Look at this one:"
    assert len(cables) == 1 and cables[0].startswith(norm(f"ID: {pc._iid(c)} ORIGIN: {c['id']}"))
    assert parse_cable(_caps_dump(c)).id == c["id"]


def test_prose_with_an_id_line_is_no_dump():
    text = "ID: 12 is the thread number\nORIGIN: the forum's old board\n\nSee you there."
    assert split(text) == (norm(text), [])
