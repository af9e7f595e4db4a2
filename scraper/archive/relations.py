"""Load what the splitter needs and save what it finds: commentary, segments, copies, cables.

A post's cable rows are replaced as a whole each time it is related again
(after an edit, a reparse, or once the post it quotes is known), so the
tables always follow the post's newest version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from ..cables.models import Cable, PostCables
from .shape import insert_rows, utc_iso

# Best copy first: its metadata is what `cables` shows.
COMPLETENESS_RANK = {"full": 0, "partial_extract": 1, "excerpt": 2, None: 3}

_WORD = re.compile(r"[A-Za-z]{6,}")


@dataclass(frozen=True, slots=True, kw_only=True)
class PostForSplit:
    msg_id: int
    text: str
    subject: str
    links: tuple[tuple[str, str], ...]
    quotes: tuple[tuple[int | None, str], ...]
    body_html: str = ""  # as served: its code blocks bound the pastes (relations.py reads them)


def load_post_for_split(db: sqlite_utils.Database, forum_id: int, msg_id: int) -> PostForSplit | None:
    row = db.execute(
        "select body_text, subject, body_html from posts where forum_id = ? and msg_id = ?", [forum_id, msg_id]
    ).fetchone()
    if row is None:
        return None
    links = tuple(
        (r[0], r[1] or "")
        for r in db.execute(
            "select href, label from links where forum_id = ? and msg_id = ? order by seq", [forum_id, msg_id]
        )
    )
    quotes = tuple(
        (r[0], r[1] or "")
        for r in db.execute(
            "select quoted_msg_id, text from quotes where forum_id = ? and msg_id = ? order by seq",
            [forum_id, msg_id],
        )
    )
    return PostForSplit(msg_id=msg_id, text=row[0] or "", subject=row[1] or "", links=links, quotes=quotes,
                        body_html=row[2] or "")


def load_msg_copies(db: sqlite_utils.Database, forum_id: int, msg_id: int) -> list[tuple[str | None, str]]:
    """The cable copies a post holds (pasted or quoted), for matching quotes of it."""
    return [
        (r[0], r[1])
        for r in db.execute(
            "select cable_id, text from cable_copies where forum_id = ? and msg_id = ? order by seq",
            [forum_id, msg_id],
        )
    ]


def load_cable_copy_texts(db: sqlite_utils.Database, cable_id: str, *, limit: int = 3) -> list[str]:
    """Texts to match an excerpt against: the cable's best copy, then its latest copies.

    Index lookups only: a much-pasted cable may have thousands of copies.
    """
    best = db.execute("select text from cables where id = ? and text is not null", [cable_id]).fetchone()
    latest = [
        r[0]
        for r in db.execute(
            "select text from cable_copies where cable_id = ? order by rowid desc limit ?", [cable_id, limit]
        )
    ]
    return ([best[0]] if best else []) + latest


def find_candidate_copies(db: sqlite_utils.Database, excerpt: str, *, limit: int = 8) -> dict[str, list[str]]:
    """Cables whose copies share rare words with an excerpt (full-text search), with their texts."""
    words = sorted(set(_WORD.findall(excerpt)), key=len, reverse=True)[:12]
    if not words:
        return {}
    query = " OR ".join(f'"{w}"' for w in words)
    rows = db.execute(
        "select cable_copies.cable_id, cable_copies.text from cable_copies_fts"
        " join cable_copies on cable_copies.rowid = cable_copies_fts.rowid"
        " where cable_copies_fts match ? and cable_copies.cable_id is not null"
        " order by cable_copies_fts.rank limit ?",
        [query, limit],
    ).fetchall()
    found: dict[str, list[str]] = {}
    for cable_id, text in rows:
        found.setdefault(cable_id, []).append(text)
    return found


def quoting_msg_ids(db: sqlite_utils.Database, forum_id: int, msg_ids: list[int]) -> list[int]:
    """Posts that quote any of these posts."""
    if not msg_ids:
        return []
    marks = ",".join("?" * len(msg_ids))
    return [
        r[0]
        for r in db.execute(
            f"select distinct msg_id from quotes indexed by quotes_quoted"
            f" where forum_id = ? and quoted_msg_id in ({marks}) order by msg_id",
            [forum_id, *msg_ids],
        )
    ]


# IDs an excerpt got from what the post says around it, not from its own text:
# a copy pasted later can confirm them by matching the text.
HINTED_EVIDENCE = ("linked_in_post", "mentioned_in_post", "subject")


def hinted_copy_msg_ids(db: sqlite_utils.Database, forum_id: int, msg_ids: list[int]) -> list[int]:
    """Posts whose excerpts took their ID from a hint, for cables these posts hold copies of."""
    if not msg_ids:
        return []
    marks = ",".join("?" * len(msg_ids))
    hinted = ",".join("?" * len(HINTED_EVIDENCE))
    return [
        r[0]
        for r in db.execute(
            # Hint-identified copies are few: start from them (the planner cannot know that).
            f"select distinct msg_id from cable_copies indexed by cable_copies_evidence"
            f" where forum_id = ? and id_evidence in ({hinted})"
            f" and cable_id in (select cable_id from cable_copies where forum_id = ? and msg_id in ({marks}))"
            " order by msg_id",
            [forum_id, *HINTED_EVIDENCE, forum_id, *msg_ids],
        )
    ]


def unresolved_msg_ids(db: sqlite_utils.Database, forum_id: int) -> list[int]:
    """Posts holding a cable copy whose ID is still unknown."""
    return [
        r[0]
        for r in db.execute(
            "select distinct msg_id from cable_copies indexed by cable_copies_cable"
            " where forum_id = ? and cable_id is null order by msg_id",
            [forum_id],
        )
    ]


def save_post_cables(db: sqlite_utils.Database, forum_id: int, msg_id: int, found: PostCables) -> None:
    """Replace one post's commentary, segments, copies and relations."""
    key = [forum_id, msg_id]
    for table in ("post_segments", "cable_copies", "post_cables"):
        db.execute(f"delete from {table} where forum_id = ? and msg_id = ?", key)
    db.execute("update posts set commentary = ? where forum_id = ? and msg_id = ?", [found.commentary, *key])
    insert_rows(db, "post_segments", [
        {
            "forum_id": forum_id,
            "msg_id": msg_id,
            "seq": seq,
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "quote_seq": s.quote_seq,
        }
        for seq, s in enumerate(found.segments)
    ])
    for copy in found.copies:
        if copy.cable_id:
            save_cable(db, copy.cable_id, copy.cable, msg_id=msg_id)
    for relation in found.relations:
        save_cable(db, relation.cable_id, None, msg_id=msg_id)
    insert_rows(db, "cable_copies", [
        {
            "forum_id": forum_id,
            "msg_id": msg_id,
            "seq": seq,
            "cable_id": c.cable_id,
            "start": c.start,
            "end": c.end,
            "completeness": c.completeness,
            "quote_seq": c.quote_seq,
            "quoted_msg_id": c.quoted_msg_id,
            "id_evidence": c.id_evidence,
            "id_missing_reason": c.cable.id_missing_reason if c.cable and not c.cable_id else None,
            "text": c.text,
        }
        for seq, c in enumerate(found.copies)
    ])
    insert_rows(db, "post_cables", [
        {"forum_id": forum_id, "msg_id": msg_id, "cable_id": r.cable_id, "relation": r.relation, "evidence": r.evidence}
        for r in found.relations
    ])


def save_cable(db: sqlite_utils.Database, cable_id: str, cable: Cable | None, *, msg_id: int) -> None:
    """Make sure the cable has a row; fill it from this copy when the copy is better."""
    row = db.execute("select completeness, first_seen_msg_id from cables where id = ?", [cable_id]).fetchone()
    if row is None:
        db.execute("insert into cables (id, first_seen_msg_id) values (?, ?)", [cable_id, msg_id])
        row = (None, msg_id)
    elif row[1] is None or msg_id < row[1]:
        db.execute("update cables set first_seen_msg_id = ? where id = ?", [msg_id, cable_id])
    if cable is None:
        return
    if COMPLETENESS_RANK.get(cable.completeness, 3) >= COMPLETENESS_RANK.get(row[0], 3) and row[0] is not None:
        return  # the copy we have is as good or better
    values = {
        "internal_id": cable.internal_id,
        "created_at": utc_iso(cable.created),
        "origin": cable.origin,
        "classification": cable.classification,
        "subject": cable.subject,
        "tags": " ".join(cable.tags) or None,
        "signer": cable.signer,
        "classified_by": cable.classified_by,
        "classified_by_title": cable.classified_by_title,
        "declassify_on": cable.declassify_on.isoformat() if cable.declassify_on else None,
        "transmission_id": cable.transmission_id,
        "dtg": cable.dtg,
        "completeness": cable.completeness,
        "text": cable.text,
        "url": cable_url(cable_id, cable),
    }
    assignments = ", ".join(f'"{k}" = ?' for k in values)
    db.execute(f"update cables set {assignments} where id = ?", [*values.values(), cable_id])
    db.execute("delete from cable_references where cable_id = ?", [cable_id])
    insert_rows(db, "cable_references", [
        {"cable_id": cable_id, "ref_id": ref} for ref in dict.fromkeys(cable.references) if ref != cable_id
    ])


# What a pasted copy fills in a cable's row (everything save_cable writes but the ID).
CABLE_METADATA_COLUMNS = (
    "internal_id", "created_at", "origin", "classification", "subject", "tags", "signer", "classified_by",
    "classified_by_title", "declassify_on", "transmission_id", "dtg", "completeness", "text", "url",
)


def reset_cable_metadata(db: sqlite_utils.Database) -> None:
    """Forget every cable row's metadata so the next relate pass fills it with the current grammar."""
    db.execute("update cables set " + ", ".join(f'"{c}" = null' for c in CABLE_METADATA_COLUMNS))
    db.execute("delete from cable_references")


def cable_url(cable_id: str, cable: Cable) -> str | None:
    """The cable's page in the WikiLeaks viewer (year and month of creation)."""
    if cable.created is None:
        return None
    return f"https://wikileaks.org/cable/{cable.created:%Y/%m}/{cable_id}.html"
