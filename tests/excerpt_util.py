"""Paste a cable excerpt into a post the way users do ("From <ID>, this bit:", a blank line,
the excerpt, their remark) and split it: shared by the excerpt tests."""

from __future__ import annotations

from scraper.split import split_post


def paste_excerpt(cid: str, excerpt: str, remark: str, sep: str) -> tuple[str, str, str]:
    """(the post's text, the excerpt segment's text, the commentary, whitespace normalised) of a
    post pasting ``excerpt`` with ``remark`` after ``sep``. The segment's text is "" unless the
    splitter finds exactly one cable."""
    text = f"From {cid}, this bit:\n\n{excerpt}{sep}{remark}"
    segs = split_post(text)
    cables = [s for s in segs if s.kind == "cable"]
    cable = text[cables[0].start : cables[0].end] if len(cables) == 1 else ""
    comm = " ".join(text[s.start : s.end] for s in segs if s.kind != "cable")
    return text, cable, " ".join(comm.split())
