"""Frozen dataclasses for cables, post segments and a post's cable relations.

They flow one way: ``split_post`` -> ``Segment`` (+ ``Cable``), ``relate_post`` ->
``PostCables``. Offsets are character offsets into the text that was split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

frozen = dataclass(frozen=True, slots=True, kw_only=True)

Completeness = Literal["full", "partial_extract", "excerpt"]
SegmentKind = Literal["commentary", "cable"]
RelationKind = Literal["pasted", "quoted", "linked", "mentioned"]

#: Strongest first: which relation wins when one cable is related several ways.
RELATION_RANK: dict[str, int] = {"pasted": 0, "quoted": 1, "linked": 2, "mentioned": 3}


@frozen
class Paragraph:
    number: str | None  # "1", "14"; None for unnumbered text
    marking: str | None  # portion marking without parentheses: "C", "SBU", "S/NF"
    text: str


@frozen
class Cable:
    """One cable as read from pasted text (any of the layouts in CABLE-FORMATS.md)."""

    id: str | None
    id_evidence: str | None  # "metadata", "url", "station_serial", "subject", ...
    id_missing_reason: str | None
    created: datetime | None  # aware UTC
    origin: str | None  # "Embassy Mexico"
    classification: str | None  # one of the cablegate set
    references: tuple[str, ...]
    tags: tuple[str, ...]
    subject: str | None
    signer: str | None
    classified_by: str | None  # the person's name: "Antonio O. Garza"
    classified_by_title: str | None  # "Ambassador", "A/Pol/C"
    declassify_on: date | None
    internal_id: int | None
    transmission_id: str | None  # VZCZCXRO5183
    dtg: str | None  # "042201Z JAN 08"
    fm: str | None
    to: tuple[str, ...]
    info: tuple[str, ...]
    sipdis: bool
    eo_line: str | None
    station: str | None  # from the classification line
    serial: int | None
    paragraphs: tuple[Paragraph, ...]
    text: str  # body, page-break lines removed, NBSP as space
    completeness: Completeness


@frozen
class Segment:
    kind: SegmentKind
    start: int
    end: int
    cable: Cable | None = None
    quoted: bool = False
    quoted_msg_id: int | None = None
    quote_seq: int | None = None  # which of the post's quotes (0-based) the offsets are into


@frozen
class CableCopy:
    cable_id: str | None
    start: int  # offsets into the post text, or into the quote text when quoted
    end: int
    completeness: Completeness
    text: str
    quoted: bool = False
    quoted_msg_id: int | None = None
    quote_seq: int | None = None
    id_evidence: str | None = None
    cable: Cable | None = None  # the parsed record of this copy


@frozen
class Relation:
    cable_id: str
    relation: RelationKind
    evidence: str


@frozen
class PostCables:
    """Everything ``relate_post`` finds in one post."""

    commentary: str
    segments: tuple[Segment, ...]
    copies: tuple[CableCopy, ...]
    relations: tuple[Relation, ...]
