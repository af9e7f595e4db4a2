"""Where an excerpt ends: under its last line broken off mid-sentence, past its lists, at its signer.

Users copy a cable's paragraphs up to where the page broke (the line stops on a lowercase
word) and type under it on the very next line; the cable's next line would have gone on
with the sentence. A cable's list and its last short blocks read like a user's remarks, but
its items come in order, its bullets alike, and its signer closes it. Real tuning cables,
remarks written here (issue 8).
"""

from __future__ import annotations

import re

from excerpt_util import paste_excerpt

_BLANK = re.compile(r"\n[ \t]*\n")
# A numbered, portion-marked paragraph's start: "¶5. (C) ", "5. (SBU) ".
_PARA = re.compile(r"(?:¶|)[0-9]{1,2}\.[ \t]*\((?:U|C|S|SBU)\)[ \t]")
_LEADS = {"the", "a", "an", "of", "for", "to", "on", "in", "at", "by", "from", "with", "and", "or", "as"}


def _split(cid: str, excerpt: str, remark: str) -> tuple[str, str]:
    """(the excerpt segment's text, the commentary) of a post pasting ``excerpt`` with ``remark`` right under it."""
    _, cable, comm = paste_excerpt(cid, excerpt, remark, "\n" if remark else "")
    return cable, comm


def _broken_paragraphs(rows: list[dict], n: int) -> list[tuple[str, str, str]]:
    """(cable ID, the paragraph cut after a line that stops on a lowercase word, the cable's
    next line) for the first numbered, wrapped paragraph of each cable that has such a line."""
    out = []
    for c in rows:
        for block in _BLANK.split(c["body"]):
            lines = block.strip("\n").rstrip().split("\n")
            if not _PARA.match(lines[0]) or len(lines) < 4 or max(map(len, lines)) > 90:
                continue
            for k in range(len(lines) - 2, 2, -1):  # (the lowest such line: most of the paragraph above it)
                words = lines[k].split()
                if len(lines[k].strip()) >= 40 and words and words[-1].isalpha() and words[-1].islower() and words[-1] not in _LEADS:
                    out.append((c["id"], "\n".join(lines[: k + 1]), lines[k + 1]))
                    break
            break
        if len(out) >= n:
            break
    return out


def test_a_remark_typed_under_a_broken_off_line_is_commentary(tune) -> None:
    # The excerpt stops where the page broke, on "... the talks were" ; the user's sentence
    # under it starts with a word the paragraph writes in lowercase ("the"): a new sentence,
    # not the cable's. (Before the rule: 0 of 150 right; after: 144. The rest write "The" inside a
    # sentence, "of The Hague": a name's word.)
    rows = _broken_paragraphs(tune, 150)
    assert len(rows) >= 100, len(rows)
    remark = "The rest of it is on the next page, which nobody seems to have copied."
    ok = 0
    for cid, para, _ in rows:
        cable, comm = _split(cid, para, remark)
        ok += cable.rstrip() == para.rstrip() and comm.endswith(remark)
    assert ok / len(rows) >= 0.95, ok


def test_the_cables_next_line_under_a_broken_off_line_stays(tune) -> None:
    # A guard: the same paragraphs, cut one line lower, keep that line (the sentence goes on
    # in lowercase or with a name). (149 of 150 before the rule and after.)
    rows = _broken_paragraphs(tune, 150)
    ok = 0
    for cid, para, nxt in rows:
        cable, _ = _split(cid, f"{para}\n{nxt}", "")
        ok += cable.rstrip() == f"{para}\n{nxt}".rstrip()
    assert ok / len(rows) >= 0.97, ok


def _blocks(c: dict) -> list[str]:
    return [b.strip("\n").rstrip() for b in _BLANK.split(c["body"])]


# A list's item starting a block, as the cables letter and number them: "1) ", "(b) ", "-- J. ".
# A paragraph's start an excerpt is copied from: "¶10.", "3. (C)".
_START = re.compile(r"¶ ?[0-9]{1,2}\.|[0-9]{1,2}\. ?\([A-Z/]+\)")
_ITEM = re.compile(r"(?:-{1,3} ?(?:[0-9]{1,2}|[A-Za-z])[.)]|\(?(?:[0-9]{1,2}|[A-Za-z])\)) ")


def _listed_excerpts(rows: list[dict], n: int) -> list[tuple[str, str]]:
    """(cable ID, excerpt) from a numbered paragraph to the end of a list under it: a
    lead-in that ends with a colon, then two items or more, each a block of its own (an
    answer may stand under one, before the next)."""
    out = []
    for c in rows:
        blocks = _blocks(c)
        for k in range(1, len(blocks) - 2):
            i = next((i for i in range(k, max(-1, k - 3), -1) if _START.match(blocks[i])), None)
            if i is None or not blocks[k].endswith(":") or not _ITEM.match(blocks[k + 1]):
                continue
            j = k + 1
            while j < len(blocks) and (_ITEM.match(blocks[j]) or (_ITEM.match(blocks[j - 1])
                                                                  and j + 1 < len(blocks) and _ITEM.match(blocks[j + 1]))):
                j += 1
            if j - k > 2:
                out.append((c["id"], "\n \n".join(blocks[i:j])))
                break
        if len(out) >= n:
            break
    return out


def test_an_excerpts_list_goes_on_to_its_last_item(tune) -> None:
    # "... would contain references to:" / "1) 1951 Defense Agreement." / "2) ...": the items
    # come in order under their lead-in, short as a user's remark, and the answer under a
    # lettered question too ("-- I. Is there ...?" / "No." / "-- J. ..."): all the cable's.
    # A user's words under the list, after a blank line, are not. (A guard for the most
    # part, items of several lines read as cable text: before the rule 26 of 27 right,
    # 7 of the 8 with a one-line item; after, 27.)
    rows = _listed_excerpts(tune, 60)
    assert len(rows) >= 20, len(rows)
    remark = "Quite a list, that."
    ok = 0
    for cid, chunk in rows:
        cable, comm = _split(cid, chunk + "\n", remark)
        ok += cable.rstrip() == chunk and comm.endswith(remark)
    assert ok / len(rows) >= 0.9, (ok, len(rows))


def _bulleted_excerpts(rows: list[dict], n: int) -> list[tuple[str, str]]:
    """(cable ID, excerpt) from a numbered paragraph to the last of a run of three bullets or
    more written alike ("---roads;"), each a block of its own, some one short line."""
    out = []
    for c in rows:
        blocks = _blocks(c)
        for i, b in enumerate(blocks):
            m = re.match(r"(-{1,3}|\*) ?[A-Za-z]", b)
            if m is None or i < 1 or not blocks[i - 1].endswith(":"):
                continue
            j = i
            while j < len(blocks) and blocks[j].startswith(m[1]) and not blocks[j].startswith(m[1] + "-"):
                j += 1
            start = next((s for s in range(i - 1, max(-1, i - 4), -1) if _START.match(blocks[s])), None)
            if start is not None and j - i >= 3 and any("\n" not in x and len(x) < 80 for x in blocks[i:j]):
                out.append((c["id"], "\n \n".join(blocks[start:j])))
                break
        if len(out) >= n:
            break
    return out


def test_an_excerpts_bullets_go_on_to_the_last(tune) -> None:
    # "... undertakings include:" / "---upgrading the network;" / "---roads and highways;":
    # a bullet written as the one above it is the cable's, short as it is (a user's remark
    # under a paste does not copy the cable's bullet). (Before the rule: 19 of 35 right; after: 35.)
    rows = _bulleted_excerpts(tune, 40)
    assert len(rows) >= 30, len(rows)
    ok = 0
    for cid, chunk in rows:
        cable, comm = _split(cid, chunk + "\n", "Quite a list, that.")
        ok += cable.rstrip() == chunk and comm.endswith("Quite a list, that.")
    assert ok / len(rows) >= 0.9, (ok, len(rows))


def _signed_tails(rows: list[dict], n: int) -> list[tuple[str, str]]:
    """(cable ID, excerpt) from a cable's last numbered paragraph to its signer in capitals
    alone on the last line, with a short one-line sentence among the unnumbered blocks
    between ("End points.", "Not applicable.")."""
    out = []
    for c in rows:
        blocks = _blocks(c)
        last = blocks[-1].split("\n")[-1].strip() if blocks else ""
        if not (re.fullmatch(r"[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+)?", last) and len(last) >= 4):
            continue
        i = next((i for i in range(len(blocks) - 2, max(-1, len(blocks) - 14), -1) if _START.match(blocks[i])), None)
        if i is None or len(blocks) - i < 3:
            continue
        if any("\n" not in x and len(x) < 80 and x[-1:] == "." for x in blocks[i + 1 : -1]):
            out.append((c["id"], "\n \n".join(blocks[i:])))
        if len(out) >= n:
            break
    return out


def test_an_excerpt_goes_on_to_the_cables_signer(tune) -> None:
    # The cable's last paragraph, short unnumbered blocks that read as a user's remarks
    # ("End points."), then its signer in capitals: the excerpt runs to the signer (a user
    # signs as people write names, "Dave"), and the user's words under it are commentary.
    # (Before the rule: 20 of 22 right; after: 22.)
    rows = _signed_tails(tune, 40)
    assert len(rows) >= 15, len(rows)
    ok = 0
    for cid, chunk in rows:
        cable, comm = _split(cid, chunk + "\n", "Quite a read, that.")
        ok += cable.rstrip() == chunk and comm.endswith("Quite a read, that.")
    assert ok / len(rows) >= 0.9, (ok, len(rows))


_LABELLED = re.compile(r"[A-Z][A-Z ,'&/-]{2,40}: [A-Z][A-Z ,'&/-]*[A-Z]")


def _labelled_ends(rows: list[dict], n: int) -> list[tuple[str, str]]:
    """(cable ID, excerpt) of a numbered paragraph and, under it, the next section's heading
    in capitals written as a label and its topic ("SIDE BENEFIT: MENTORING ...")."""
    out = []
    for c in rows:
        blocks = _blocks(c)
        for para, head in zip(blocks, blocks[1:]):
            if _START.match(para) and "\n" not in head and len(head) <= 90 and _LABELLED.fullmatch(head) and " " in head.split(": ", 1)[1]:
                out.append((c["id"], f"{para}\n \n{head}"))
                break
        if len(out) >= n:
            break
    return out


def test_an_excerpt_may_end_on_a_labelled_heading(tune) -> None:
    # The user copied the next section's heading with the paragraph: a line in capitals
    # with a label and its topic is the cable's heading, not a user's shout (that is
    # sentences); the user's words after a blank line are commentary. (Before the rule:
    # 18 of 34 right; after: 34.)
    rows = _labelled_ends(tune, 40)
    assert len(rows) >= 25, len(rows)
    ok = 0
    for cid, chunk in rows:
        ok += _split(cid, chunk + "\n", "Quite a read, that.")[0].rstrip() == chunk
    assert ok / len(rows) >= 0.9, (ok, len(rows))


# A numbered paragraph whose portion marking carries a release or dissemination control:
# "7.(C/REL ISAF)", "4. (S//FGI//NF)", "2. (S/Rel UK)".
_CONTROLLED = re.compile(r"[0-9]{1,2}\. ?\((?:C|S|U|SBU)/{1,2}(?!NF\))[A-Za-z][A-Za-z ,/-]*\) ")


def test_an_excerpt_starts_at_a_paragraph_marked_for_release(tune) -> None:
    # The paragraph's marking names who may read it ("REL ISAF", "FGI//NF"): it is a cable's
    # paragraph start all the same, and the excerpt is found from it. (Before the rule: 0 of
    # 7 right; after: 6. The tuning part has no more such paragraphs without a pilcrow.)
    rows = []
    for c in tune:
        for b in _blocks(c):
            if _CONTROLLED.match(b) and len(b) > 120:
                rows.append((c["id"], b))
                break
        if len(rows) >= 40:
            break
    assert len(rows) >= 5, len(rows)
    ok = 0
    for cid, para in rows:
        cable, comm = _split(cid, para + "\n", "Quite a read, that.")
        ok += cable.rstrip() == para and comm.endswith("Quite a read, that.")
    assert ok / len(rows) >= 0.8, (ok, len(rows))


def test_a_sentence_goes_on_under_a_closing_quote_or_bracket(tune) -> None:
    # "... lift the caveats on its national forces'" / "actions in Afghanistan.": a quote or
    # a bracket after a word closes no sentence, and the cable's next line in lowercase goes
    # on with it, short as it is, even with the user's short lines under it.
    # (Before the rule: 0 of 30 right; after: 30.)
    rows = []
    for c in tune:
        for block in _BLANK.split(c["body"]):
            lines = block.strip("\n").rstrip().split("\n")
            if not _PARA.match(lines[0]) or len(lines) < 4:
                continue
            k = len(lines) - 2
            if (re.search(r"[a-z][')\"]$", lines[k].rstrip()) and lines[k + 1][:1].islower()
                    and len(lines[k + 1].strip()) < 40 and lines[k + 1].rstrip()[-1:] == "."):
                rows.append((c["id"], "\n".join(lines)))
                break
    assert len(rows) >= 20, len(rows)
    ok = 0
    for cid, para in rows[:30]:
        cable, comm = _split(cid, para, "Short and sweet.\nAnd still true.")
        ok += cable.rstrip() == para.rstrip() and comm.endswith("And still true.")
    assert ok / len(rows[:30]) >= 0.9, (ok, len(rows))


_FIELD = re.compile(r"[A-Z][A-Za-z/#.()-]*(?: [A-Za-z/#.()-]+){0,3}: +\S")


def _record(block: str) -> bool:
    # A heading line over fields on their own lines: "EID, Moatasim Mohamed" / "DOB: ..." / "POB: ...".
    lines = block.split("\n")
    fields = sum(_FIELD.match(x.strip()) is not None for x in lines[1:])
    return 3 <= len(lines) <= 8 and not _FIELD.match(lines[0]) and fields >= 2 and 3 * fields >= 2 * (len(lines) - 1)


def _form_excerpts(rows: list[dict]) -> list[tuple[str, str]]:
    """(cable ID, excerpt) from a numbered paragraph down to the last of two records or more
    of a form under it (``_record``)."""
    out = []
    for c in rows:
        blocks = _blocks(c)
        for i in range(len(blocks)):
            j = i
            while j < len(blocks) and _record(blocks[j]):
                j += 1
            start = next((s for s in range(i - 1, max(-1, i - 3), -1) if _START.match(blocks[s])), None)
            if j - i >= 2 and start is not None:
                out.append((c["id"], "\n \n".join(blocks[start:j])))
                break
    return out


def test_an_excerpt_goes_on_over_a_forms_records(tune) -> None:
    # A vetting list, a table of companies: each record's first line is a name, which reads
    # as a signer, and its fields ("DOB: 10/10/1975") as no cable text; the records are the
    # cable's down to the last, and the user's words under them are not.
    # (Before the rule: 1 of 5 right; after: 4. The fifth's fields are a table's columns.)
    rows = _form_excerpts(tune)
    assert len(rows) >= 4, len(rows)
    ok = 0
    for cid, chunk in rows:
        ok += _split(cid, chunk + "\n", "Quite a list, that.")[0].rstrip() == chunk
    assert ok / len(rows) >= 0.8, (ok, len(rows))
