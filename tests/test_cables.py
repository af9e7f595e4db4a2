"""Cable grammar: seed metadata read off seed-thread.txt, REF parsing, canonical IDs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from scraper.cables import canonical_id, is_cable_id, parse_cable
from scraper.cables.refs import parse_refs

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TRUTH = json.loads((SAMPLES / "visible_truth.json").read_text(encoding="utf-8"))
SEED_TEXT = {p["id_msg"]: p["cable_text"] for p in TRUTH["posts"] if "cable_text" in p}

# Facts read off seed-thread.txt (CSV rows, metadata blocks, body lines), not from our code.
SEED = {
    1197124: dict(id="08MEXICO23", created=datetime(2008, 1, 4, 22, 1, tzinfo=UTC), origin="Embassy Mexico",
                  classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY", references=("08STATE145633",),
                  tags=("PTER", "ASEC", "PGOV", "MX"), subject="DRAFT COUNTRY TERRORISM REPORT FOR 2007",
                  signer="BASSETT", internal_id=136383, transmission_id="VZCZCXRO5183", dtg="042201Z JAN 08"),
    1197131: dict(id="08MEXICO1082", created=datetime(2008, 4, 10, 19, 12, tzinfo=UTC), origin="Embassy Mexico",
                  classification="CONFIDENTIAL", references=(),
                  tags=("MX", "OVIP", "PGOV", "PINR", "PREL", "PTER", "SNAR"),
                  subject="SCENESETTER FOR THE VISIT OF SECRETARY OF DEFENSE GATES TO MEXICO CITY -- APRIL 29-30, 2008",
                  signer="GARZA", classified_by="Charles Barclay", classified_by_title="ADCM", declassify_on=date(2017, 4, 10),
                  internal_id=149444),
    1197140: dict(id="10MEXICO27", created=datetime(2010, 1, 6, 17, 47, tzinfo=UTC), origin="Embassy Mexico",
                  classification="UNCLASSIFIED", references=("10STATE109980",), tags=("PTER", "ASEC", "PGOV", "MX"),
                  subject="MEXICO - COUNTRY TERRORISM REPORT FOR 2009", signer="PASCUAL", internal_id=242660),
    1197152: dict(id="06MEXICO1889", created=datetime(2006, 4, 10, 19, 22, tzinfo=UTC), origin="Embassy Mexico",
                  classification="CONFIDENTIAL", references=(), tags=("MARR", "MASS", "PREL", "MX"),
                  subject="SCENESETTER FOR SECRETARY OF DEFENSE RUMSFELD'S APRIL 17-18 VISIT TO MEXICO",
                  signer="GARZA", classified_by="Antonio O. Garza", classified_by_title="Ambassador", declassify_on=date(2016, 4, 6)),
    1197166: dict(id="06MEXICO6085", created=datetime(2006, 10, 25, 17, 5, tzinfo=UTC), origin="Embassy Mexico",
                  classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                  references=("06MEXICO3117", "06MEXICO3296", "06MEXICO3297", "06MEXICO3305"),
                  tags=("PREL", "PGOV", "KCRM", "SNAR", "PTER", "SMIG", "MX"),
                  subject="PRESIDENT FOX'S NATIONAL SECURITY LEGACY", signer="GARZA", internal_id=83079),
    # Body only (flattened); the ID and year come from the URL line above it.
    1197185: dict(id="07MEXICO6229", created=None, classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                  references=("07STATE158938", "07STATE107629", "07MEXICO4467", "07MEXICO6196"),
                  tags=("KIPR", "ETRD", "PINS", "MX"),
                  subject="MEXICO IPR: 301 UPDATE; INTERNATIONAL POSTURE; USG PROGRAMS", signer="BASSETT"),
}


@pytest.mark.parametrize("msg_id", sorted(SEED))
def test_seed_metadata(msg_id: int) -> None:
    kwargs = {"year": 2007, "ref_id": "07MEXICO6229"} if msg_id == 1197185 else {}
    cable = parse_cable(SEED_TEXT[msg_id], **kwargs)
    for field, expected in SEED[msg_id].items():
        assert getattr(cable, field) == expected, field
    assert cable.completeness == "full"


def test_seed_evidence_and_paragraphs() -> None:
    c = parse_cable(SEED_TEXT[1197131])
    assert c.id_evidence == "metadata"
    assert [(p.number, p.marking) for p in c.paragraphs][:3] == [("1", "SBU"), ("2", "U"), ("3", "U")]
    assert c.paragraphs[11].marking == "CONFIDENTIAL -- ENTIRE PARAGRAPH"
    assert c.to == ("RUEKJCS/SECDEF WASHINGTON DC", "RUEHC/SECSTATE WASHDC 1370")
    assert c.info[0] == "RUEHXC/ALL US CONSULATES IN MEXICO COLLECTIVE"
    assert "00001082  002 OF 004" not in c.text and "002 OF 004" not in c.text
    flat = parse_cable(SEED_TEXT[1197185], year=2007, ref_id="07MEXICO6229")
    assert flat.id_evidence == "url"
    assert [p.number for p in flat.paragraphs] == [str(i) for i in range(1, 18)]
    assert "00006229" not in flat.text


def test_glosses_stay_in_cable() -> None:
    c = parse_cable(SEED_TEXT[1197124])
    assert "GOM (Government of Mexico)" in c.text
    assert "SIA (Special Interest Aliens)" in c.text
    assert "S/CT (Secretary/Counter terrorism)" in c.text


def test_station_serial_needs_a_year() -> None:
    body = "UNCLAS SECTION 01 OF 05 MEXICO 006229\n\nSIPDIS\n\nSUBJECT: X\n\n1. (U) Text."
    c = parse_cable(body)
    assert c.id is None and "no year" in c.id_missing_reason
    assert parse_cable(body, year=2007).id == "07MEXICO6229"
    assert parse_cable(body, year=2007).id_evidence == "station_serial"
    # a URL that disagrees with the body's own serial is not believed
    assert parse_cable(body, year=2007, ref_id="07MEXICO1").id == "07MEXICO6229"


def test_yearless_excerpt_keeps_no_id() -> None:
    c = parse_cable("¶8.  The U.S. and the Government of Mexico have worked closely\nto implement ATA.")
    assert c.id is None and c.completeness == "excerpt"
    assert c.id_missing_reason.startswith("excerpt")


@pytest.mark.parametrize(
    ("block", "year", "own", "expected"),
    [
        ("(A) SECSTATE 158938 (B) SECSTATE 107629 (C)       MEXICO 4467 (D) MEXICO 6196", 2007, None,
         ("07STATE158938", "07STATE107629", "07MEXICO4467", "07MEXICO6196")),
        ("A. MEXICO 3296\n     ¶B. MEXICO 3117\n     ¶C. MEXICO 3297\n     ¶D. MEXICO 3305", 2006, None,
         ("06MEXICO3296", "06MEXICO3117", "06MEXICO3297", "06MEXICO3305")),
        ("STATE 145633", 2008, None, ("08STATE145633",)),
        ("A. MEXICO 4467 B. 07 STATE 158938", 2008, None, ("08MEXICO4467", "07STATE158938")),
        ("2007 MANAGUA 2135", 2008, None, ("07MANAGUA2135",)),
        ("MANAGUA 2135 (07)", 2008, None, ("07MANAGUA2135",)),
        ("STATE 1234 AND 5678", 2009, None, ("09STATE1234", "09STATE5678")),
        ("A) USUN 12 B) RIO DE JANEIRO 44 C) USUN 12", 2005, None, ("05USUNNEWYORK12", "05RIODEJANEIRO44")),
        ("A. MEXICO 23 B. STATE 9", 2008, "08MEXICO23", ("08STATE9",)),
        ("SECDEF MSG DTG 121212Z. B. PARIS POINTS JULY 15", 2008, None, ()),
    ],
)
def test_parse_refs(block: str, year: int, own: str | None, expected: tuple[str, ...]) -> None:
    assert parse_refs(block, year=year, own_id=own) == expected


def test_ref_line_in_a_cable_uses_the_cable_year() -> None:
    c = parse_cable("UNCLAS MEXICO 000023\n\nSUBJECT: X\n\nREF: STATE 145633\n\n1. text", year=2008)
    assert c.references == ("08STATE145633",)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05RIO123", "05RIODEJANEIRO123"), ("06SECSTATE123", "06STATE123"), ("09MEXICOCITY12", "09MEXICO12"),
        ("07USUN2", "07USUNNEWYORK2"), ("05EMBASSYVIENNA1", "05VIENNA1"), ("08MEXICO23_a", "08MEXICO23"),
        ("08MEXICO0023", "08MEXICO23"), ("08 mexico 23", "08MEXICO23"), ("02TAIPEI12", "02TAIPEI12"), ("02AIT TAIPEI 12", "02AITTAIPEI12"),
        ("hello", None), ("", None), ("08MX23", None), ("MEXICO23", None), ("08MEXICO", None),
        ("08MEXICO0", None), ("1234567", None),
    ],
)
def test_canonical_id(raw: str, expected: str | None) -> None:
    assert canonical_id(raw) == expected


def test_strict_grammar() -> None:
    assert is_cable_id("10MEXICO27")
    assert not is_cable_id("10ZZZZZZ27")  # shape only: fine for metadata, not for mentions
    assert canonical_id("10ZZZZZZ27") == "10ZZZZZZ27"
