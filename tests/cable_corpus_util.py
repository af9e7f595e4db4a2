"""The real-cable corpus (``../shared/cables/dev-cables.jsonl.gz``) rendered in the layouts users paste.

Shared by ``bench/cables_corpus.py`` and ``tests/test_cable_corpus.py``. A record's ID, created,
classification and origin are ground truth; its subject and tags are WikiLeaks' own parse and
are only checked loosely (``subject_ok``, ``tags_ok``), as ``../shared/cables/README.md`` says.

The corpus is split once, by a hash of the ID, into a tuning part (~70%) and a held-out part
(~30%) that the grammar was never tuned on.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "cables" / "dev-cables.jsonl.gz"
FIELDS = ("id", "created", "classification", "origin")


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def held_out(record: dict) -> bool:
    """Whether the record is in the held-out part (~30%): never look at these while tuning."""
    return zlib.crc32(record["id"].encode("ascii")) % 10 < 3


def _m_d_y(created: str) -> str:
    y, mo, d = created[:10].split("-")
    h, mi = created[11:16].split(":")
    return f"{int(mo)}/{int(d)}/{y} {int(h)}:{mi}"


def _quote(s: str, *, backslash: bool) -> str:
    return '"' + (s.replace('"', '\\"') if backslash else s.replace('"', '""')) + '"'


def internal_id(record: dict) -> int:
    return 100_000 + zlib.crc32(record["id"].encode("ascii")) % 150_000


def has_header(record: dict) -> bool:
    return bool(record["header"].strip()) and "partial extract" not in record["header"][:200]


def view_header_body(record: dict) -> tuple[str, dict]:
    """The viewer's two blocks as copied: header, blank line, body (no metadata)."""
    header = record["header"].strip("\n")
    return (f"{header}\n\n{record['body']}" if header.strip() else record["body"]), {}


def view_body_year(record: dict) -> tuple[str, dict]:
    """The body alone, the year given from outside (a URL, the thread)."""
    return record["body"], {"year": int(record["created"][:4])}


def view_csv(record: dict) -> tuple[str, dict]:
    """A cablegate ``cables.csv`` row; one in four escapes quotes with a backslash."""
    backslash = zlib.crc32(record["id"].encode("ascii")) % 4 == 0
    refs = "|".join(record["references"] or ())
    header = "" if not has_header(record) else record["header"]
    row = ",".join([
        str(internal_id(record)), _m_d_y(record["created"]), record["id"], _quote(record["origin"], backslash=False),
        record["classification"], refs, _quote(header, backslash=backslash), _quote(record["body"], backslash=backslash),
    ])
    return row, {}


def view_metadata(record: dict) -> tuple[str, dict]:
    """The one-field-per-line metadata block, then header and body."""
    lines = [str(internal_id(record)), record["created"] + ":00", record["id"], record["origin"],
             record["classification"], "|".join(record["references"] or ())]
    top = "\n".join(lines)
    header = record["header"].strip("\n") if has_header(record) else ""
    return (f"{top}\n{header}\n\n{record['body']}" if header else f"{top}\n\n{record['body']}"), {}


#: view name -> (renderer, fields the view carries)
VIEWS: dict[str, tuple[Callable[[dict], tuple[str, dict]], tuple[str, ...]]] = {
    "header+body": (view_header_body, FIELDS),
    "body+year": (view_body_year, ("id", "classification", "origin")),
    "csv": (view_csv, FIELDS),
    "metadata": (view_metadata, FIELDS),
}


def carries(view: str, field: str, record: dict) -> bool:
    """Whether a view of this record holds the field at all (so a parser can be asked for it).

    The header+body view holds ``created`` (and the ID's year) only through a DTG line or
    a date line; a partial extract without either does not.
    """
    if field not in VIEWS[view][1]:
        return False
    if view == "header+body" and field in ("created", "id"):
        return has_header(record) or bool(_DATE_EVIDENCE_RE.search(record["header"] + "\n" + record["body"][:400]))
    return True


_DATE_EVIDENCE_RE = re.compile(r"[0-9]{6}Z[ ]+[A-Z]{3}[ ]+[0-9]{2}|^[A-Z][a-z]+day, [0-9]{1,2} [A-Z][a-z]+ [0-9]{4}", re.M)


def created_text(cable) -> str | None:
    return cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else None


def created_ok(ours: str | None, theirs: str) -> bool:
    """Same date and hour; the minute too unless the corpus's minute is its ``%I`` artefact.

    The mirror the corpus comes from printed ``created`` as ``%H:%I`` (hour, then the hour on
    a 12-hour clock): 5,437 of the 5,533 DTGs show it (``R 042201Z JAN 08`` is listed as
    ``22:10``), so the minute is only checked where it is not that artefact.
    """
    if ours is None or ours[:13] != theirs[:13]:
        return False
    artefact = f"{int(theirs[11:13]) % 12 or 12:02d}"
    return ours[14:16] == theirs[14:16] or theirs[14:16] == artefact


def field_ok(field: str, cable, record: dict) -> bool:
    if field == "created":
        return created_ok(created_text(cable), record["created"])
    return getattr(cable, field) == record[field]


def _norm(s: str) -> str:
    return " ".join(html.unescape(s).split()).upper()


# WikiLeaks' own subject parse leaves a torn portion marking in front ("S) SPAIN: ..."), runs
# on into the REF or Classified By line or a page break, and keeps a line's trailing "\\".
_WL_SUBJECT_HEAD_RE = re.compile(r'^(?:[A-Z/]{1,6}\)\s*)?[("]*')
_WL_SUBJECT_TAIL_RE = re.compile(
    r"\s(?:REF\b|REFS?:|REFTEL|CLASSIFIED BY|SENSITIVE BUT UNCLASSIFIED|SUMMARY\b|[A-Z ]+ [0-9]{8} +[0-9]{3}).*$"
    r"|\s*\\+$|\s*\((?:U|C|S|SBU)\)$"                     # and a trailing portion marking we strip
)


def subject_ok(cable, record: dict) -> bool | None:
    """WikiLeaks' subject (its artefacts cut, see above) is a prefix of ours; None when it has none."""
    theirs = _norm(record["subject"] or "")
    theirs = theirs[:-3].rstrip() if theirs.endswith("...") else theirs
    theirs = _WL_SUBJECT_TAIL_RE.sub("", _WL_SUBJECT_HEAD_RE.sub("", theirs)).strip()
    if not theirs:
        return None
    ours = _WL_SUBJECT_HEAD_RE.sub("", _norm(cable.subject or ""))
    return ours.startswith(theirs)


_TAG_PARTS_RE = re.compile(r"[^A-Z0-9]+")


def tags_ok(cable, record: dict) -> bool | None:
    """Every WikiLeaks tag is one of ours, or a piece of one WikiLeaks split (``ZANU-PF``)."""
    theirs = [t.upper().strip() for t in record["tags"] if t.strip()]
    if not theirs:
        return None
    ours = {t.upper() for t in cable.tags}
    for t in cable.tags:
        ours.update(p for p in _TAG_PARTS_RE.split(t.upper()) if p)
    joined = {_TAG_PARTS_RE.sub("", t) for t in ours}
    return all(t in ours or _TAG_PARTS_RE.sub("", t) in joined for t in theirs)


_SERIAL_RE = re.compile(r"([0-9]+)$")


def foreign_body(record: dict) -> bool:
    """Whether the published body is another cable's text: its classification line names another serial.

    WikiLeaks published a few cables with the body of another (a repeat, a neighbour): nothing in
    such a body can give the published ID or classification. Judged with the grammar's own
    classification-line regex on the body's first lines, so it is a statement about the data.
    """
    from scraper.cables.classification import CLASS_LINE_RE

    own = _SERIAL_RE.search(record["id"])
    for line in record["body"].split("\n")[:40]:
        m = CLASS_LINE_RE.match(line)
        if m is not None and m["serial"]:
            return own is not None and int(m["serial"]) != int(own.group(1))
    return False


def score(records: list[dict], parse: Callable[..., object]) -> Iterator[tuple[str, dict]]:
    """Per view: {field: (right, carried)} plus subject and tags (ok, checked)."""
    for view, (render, _) in VIEWS.items():
        counts: dict[str, list[int]] = {f: [0, 0] for f in (*FIELDS, "subject", "tags")}
        for record in records:
            text, kwargs = render(record)
            cable = parse(text, **kwargs)
            for field in FIELDS:
                if carries(view, field, record):
                    counts[field][1] += 1
                    counts[field][0] += field_ok(field, cable, record)
            for field, check in (("subject", subject_ok), ("tags", tags_ok)):
                ok = check(cable, record)
                if ok is not None:
                    counts[field][1] += 1
                    counts[field][0] += ok
        yield view, counts
