"""Paste a cable excerpt into a post the way users do ("From <ID>, this bit:", a blank line,
the excerpt, their remark) and split it: shared by the excerpt tests."""

from __future__ import annotations

import re

from scraper.split import split_post

_BLANK = re.compile(r"\n[ \t]*\n")
_PARA = re.compile(r"(?:¶|)[0-9]{1,2}\.[ \t]*\((?:U|C|S|SBU)\)[ \t]")


def numbered_paragraphs(body: str) -> list[str]:
    """The numbered, portion-marked paragraphs of a cable's ``body`` ("¶3. (C) ..."), each as
    its block's text with the lines' trailing blanks kept and the block's own stripped."""
    return [p for b in _BLANK.split(body) if _PARA.match(p := b.strip("\n").rstrip())]


def paragraph_lines(cables: list[dict]):
    """(cable ID, the lines of one of its numbered paragraphs, trailing blanks stripped) for
    every numbered paragraph of the ``cables``, in order."""
    for c in cables:
        for para in numbered_paragraphs(c["body"]):
            yield c["id"], [ln.rstrip() for ln in para.split("\n")]


def last_paragraphs(rows: list[dict], n: int, count: int = 1) -> list[tuple[str, list[str]]]:
    """(cable ID, its last ``count`` numbered paragraphs) for the first ``n`` cables of ``rows``
    whose last numbered paragraph is a few wrapped lines (3 to 12) ending a sentence: what users
    paste as an excerpt, with no signer under it."""
    out = []
    for c in rows:
        paras = numbered_paragraphs(c["body"])
        if len(paras) >= count and paras and 3 <= paras[-1].count("\n") + 1 <= 12 and paras[-1][-1:] == ".":
            out.append((c["id"], paras[-count:]))
        if len(out) == n:
            break
    return out


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


def copied_up_to(cables: list[dict], pattern: re.Pattern, *, first: int = 1, limit: int | None = None) -> list[tuple[str, str]]:
    """(cable ID, one numbered paragraph copied up to its first line from ``first`` on that
    ``pattern`` finds in, 40 to 120 characters, with more of the paragraph under it: where a
    page broke off) for the ``cables``, one paragraph a cable, at most ``limit``."""
    out: dict[str, str] = {}
    for cid, lines in paragraph_lines(cables):
        if cid in out:
            continue
        for k in range(first, len(lines) - 1):
            if 40 <= len(lines[k]) <= 120 and pattern.search(lines[k]):
                out[cid] = "\n".join(lines[: k + 1])
                break
        if limit is not None and len(out) == limit:
            break
    return list(out.items())


def wrong_under(rows: list[tuple[str, str]], remark: str, *, skip_own_word: bool = False) -> list[str]:
    """The IDs of the ``rows`` (cable ID, excerpt) whose excerpt, with ``remark`` typed right
    under it, is not read as exactly the excerpt and the user's lead line and remark.
    ``skip_own_word``: leave out excerpts holding the remark's first word (another rule reads those)."""
    wrong = []
    for cid, para in rows:
        if skip_own_word and remark.split()[0].lower() in para.lower().split():
            continue
        _, cable, comm = paste_excerpt(cid, para, remark, "\n")
        if " ".join(cable.split()) != " ".join(para.split()) or comm != " ".join(f"From {cid}, this bit: {remark}".split()):
            wrong.append(cid)
    return wrong
