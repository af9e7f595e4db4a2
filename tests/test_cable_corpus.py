"""The cable grammar on real cables: floors over a fixed held-out sample, and one test per rule.

The corpus is ``../shared/cables/dev-cables.jsonl.gz`` (6,399 cables as WikiLeaks published
them). ID, created, classification and origin are ground truth; the rule tests below take
their cables from the corpus and their expected values from reading the cable text.
"""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime

import pytest
from cable_corpus_util import (
    FIELDS,
    held_out,
    load_corpus,
    score,
    view_body_year,
    view_csv,
    view_header_body,
    view_metadata,
)

from scraper.cables import canonical_id, parse_cable


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict]:
    return {r["id"]: r for r in load_corpus()}


@pytest.fixture(scope="module")
def sample(corpus) -> list[dict]:
    """Every second held-out cable, in ID order: fixed, and never tuned on."""
    return sorted((r for r in corpus.values() if held_out(r)), key=lambda r: r["id"])[::2]


# Floors on the held-out sample (measured: see bench/cables_corpus.py), so a regression fails.
FLOORS = {
    "header+body": {"id": 99.7, "created": 99.8, "classification": 99.4, "origin": 99.6, "subject": 99.5, "tags": 99.8},
    "body+year": {"id": 99.4, "classification": 99.1, "origin": 99.4, "subject": 99.5, "tags": 99.8},
    "csv": {f: 100.0 for f in FIELDS} | {"subject": 99.5, "tags": 99.8},
    "metadata": {f: 100.0 for f in FIELDS} | {"subject": 99.5, "tags": 99.8},
}


def test_held_out_sample_is_fixed_and_large(sample):
    assert len(sample) > 900
    assert sample[0]["id"] < sample[-1]["id"]


def test_floors_on_the_held_out_sample(sample):
    failed = []
    for view, counts in score(sample, parse_cable):
        for field, floor in FLOORS[view].items():
            right, n = counts[field]
            assert n > 0.8 * len(sample) or field == "tags", (view, field, n)
            if 100 * right / n < floor:
                failed.append(f"{view} {field}: {100 * right / n:.2f}% < {floor}%")
    assert not failed, failed


def _parse(record, view=view_header_body):
    text, kwargs = view(record)
    return parse_cable(text, **kwargs)


# --- headers of every era ------------------------------------------------------------------
def test_header_starting_at_the_dtg(corpus):
    # O 021155Z NOV 00 / FM AMEMBASSY TASHKENT / TO SECSTATE WASHDC IMMEDIATE 5226, no VZCZC line
    c = _parse(corpus["00TASHKENT4223"])
    assert (c.id, c.created, c.origin) == ("00TASHKENT4223", datetime(2000, 11, 2, 11, 55, tzinfo=UTC), "Embassy Tashkent")
    assert c.fm == "AMEMBASSY TASHKENT" and c.to == ("SECSTATE WASHDC IMMEDIATE 5226",)


def test_vzczc_header_with_a_blank_line_inside_and_trailing_routing_text(corpus):
    # "RR RUEHWEB", blank line, "DE RUEHSJ #0875/01 1152242": the DTG is after the blank line
    c = _parse(corpus["06SANJOSE875"])
    assert (c.id, c.dtg, c.origin) == ("06SANJOSE875", "252242Z APR 06", "Embassy San Jose")
    # "P 231230Z JUL 08 ZFR ZFR ZFR"
    c = _parse(corpus["08LONDON1917"])
    assert c.created == datetime(2008, 7, 23, 12, 30, tzinfo=UTC) and c.id == "08LONDON1917"


def test_caption_line_above_the_header(corpus):
    # "UNCLASSIFIED   STATE   00100153" then "O 251814Z SEP 09" / "FM SECSTATE WASHDC"
    c = _parse(corpus["09STATE100153"])
    assert (c.id, c.origin, c.classification) == ("09STATE100153", "Secretary of State", "UNCLASSIFIED//FOR OFFICIAL USE ONLY")


def test_old_page_one_header(corpus):
    # "PAGE 01        HARARE  05461  01 OF 02  271458Z", ACTION/INFO office codes, then FM
    c = _parse(corpus["00HARARE5461"])
    assert c.fm == "AMEMBASSY HARARE" and c.origin == "Embassy Harare"
    assert c.station == "HARARE" and c.serial == 5461 and c.id is None  # no year anywhere
    assert parse_cable(view_header_body(corpus["00HARARE5461"])[0], year=2000).id == "00HARARE5461"


# --- IDs and stations ------------------------------------------------------------------------
def test_published_ids_are_never_rewritten(corpus):
    for rid in ("06TAIPEI2933", "09AITTAIPEI275", "06KIEV1261", "07BRUSSELS3423"):
        for view in (view_csv, view_metadata, view_header_body, view_body_year):
            assert _parse(corpus[rid], view).id == rid, (rid, view.__name__)


def test_body_alone_with_a_year(corpus):
    # "UNCLAS AIT TAIPEI 000275": the station's words joined; origin from the station table
    c = _parse(corpus["09AITTAIPEI275"], view_body_year)
    assert (c.id, c.origin) == ("09AITTAIPEI275", "American Institute Taiwan, Taipei")
    # "S E C R E T SECTION 01 OF 05 ANKARA 008305S/CT FOR REAPE.O. ..." glued after "Cable dated:"
    c = _parse(corpus["02ANKARA8305"], view_body_year)
    assert (c.id, c.classification, c.origin) == ("02ANKARA8305", "SECRET", "Embassy Ankara")
    assert c.created == datetime(2002, 11, 15, 12, 40, tzinfo=UTC)  # from "Cable dated:"
    # "SS E C R E T", "O N F I D E N T I A L": a letter doubled or lost
    assert _parse(corpus["05PARIS1699"], view_body_year).classification == "SECRET"
    # "C O N F I D E N T I A L \nSECTION 01 OF 02 BAKU 000687": the line wraps
    assert _parse(corpus["09BAKU687"], view_body_year).id == "09BAKU687"


def test_malformed_ids_are_mended():
    assert canonical_id("08ECTION01OF02MANAMA492") == "08MANAMA492"
    assert canonical_id("09EFTOLONDON2468") == "09LONDON2468"
    assert canonical_id("09AMEMBASSYHANOI1284") == "09HANOI1284"
    assert canonical_id("07USMISSIONGENEVA2626") == "07GENEVA2626"  # 08GENEVA256's reference to 07GENEVA2626
    assert canonical_id("08-MEXICO-23") == "08MEXICO23"
    assert canonical_id("08MANAGAU12") == "08MANAGUA12"  # a station misspelt by a swap
    assert canonical_id("06BOGOT123") == "06BOGOTA123"  # ... by a lost letter
    assert canonical_id("04TAIPEI1234") == "04TAIPEI1234"
    assert canonical_id("02AITTAIPEI12") == "02AITTAIPEI12"


def test_station_table_is_data_with_historical_posts():
    from scraper.cables.stations import ORIGINS, TABLE, origin_from_fm

    for station in ("BONN", "LENINGRAD", "ALEXANDRIA", "MOGADISHU", "IZMIR", "STRASBOURG", "SAIGON"):
        assert station in ORIGINS, station
    assert len(TABLE) > 350
    assert origin_from_fm("AMEMBASSY PHNOM PENH") == "Embassy Phnom Penh"
    assert origin_from_fm("AMCONSUL HALIFAX") == "Consulate Halifax"
    assert origin_from_fm("AIT TAIPEI") == "American Institute Taiwan, Taipei"
    assert origin_from_fm("SECSTATE WASHDC") == "Secretary of State"
    assert origin_from_fm("USMISSION USNATO") == "Mission USNATO"
    assert origin_from_fm("USMISSION USUN NEW YORK") == "USUN New York"
    assert origin_from_fm("USEU BRUSSELS") == "USEU Brussels"
    assert origin_from_fm("USDEL SECRETARY//EUROPE//") == "US Delegation, Secretary"


def test_posts_closed_before_the_corpus_years_are_in_the_table():
    # consulates closed in the 1980s-90s and posts renamed since (Bathurst is Banjul from 1973,
    # Lourenco Marques Maputo from 1976): a body-only paste of one of their cables gets its ID and origin
    from scraper.cables.stations import origin_from_fm

    for line, year, cid, origin in (
        ("C O N F I D E N T I A L TANGIER 01234", 1979, "79TANGIER1234", "Consulate Tangier"),
        ("UNCLASSIFIED SALZBURG 0456", 1975, "75SALZBURG456", "Consulate Salzburg"),
        ("S E C R E T BELO HORIZONTE 00789", 1988, "88BELOHORIZONTE789", "Consulate Belo Horizonte"),
        ("CONFIDENTIAL LOURENCO MARQUES 2001", 1974, "74LOURENCOMARQUES2001", "Consulate Lourenco Marques"),
    ):
        c = parse_cable(f"{line}\n\nE.O. 11652: GDS\nTAGS: PGOV\nSUBJECT: A VISIT\n\n1. TEXT.", year=year)
        assert (c.id, c.origin) == (cid, origin), line
    for fm, origin in (("AMCONSUL TRIESTE", "Consulate Trieste"), ("AMCONSUL TURIN", "Consulate Turin"),
                       ("AMCONSUL ORAN", "Consulate Oran"), ("AMCONSUL DOUALA", "Consulate Douala"),
                       ("AMEMBASSY BATHURST", "Embassy Bathurst")):
        assert origin_from_fm(fm) == origin, fm


def test_ref_line_spellings_of_stations(corpus):
    # "B) MADRID SP 0307": the post with its country code
    assert _parse(corpus["05MADRID395"], view_body_year).references == ("05STATE2743", "05MADRID307")
    # "A. KUALA LUMP 4317": the post's name cut short
    assert _parse(corpus["05NEWDELHI9434"], view_body_year).references[0] == "05KUALALUMPUR4317"
    # "SECTATE 143212": SECSTATE with a letter lost
    assert _parse(corpus["07SANJOSE1963"]).references == ("07STATE143212",)


def test_brussels_from_the_tags_when_no_fm_line_tells(corpus):
    # "TAGS: ... BE": the bilateral embassy; "TAGS: ... EUN": USEU (the station alone means USEU)
    assert _parse(corpus["09BRUSSELS1580"], view_body_year).origin == "Embassy Brussels"
    assert _parse(corpus["09BRUSSELS1032"], view_body_year).origin == "USEU Brussels"
    r = corpus["09BRUSSELS1032"]
    tags = next(line for line in r["body"].split("\n") if line.startswith("TAGS"))
    assert "EUN" in tags
    assert parse_cable(r["body"].replace(tags, "TAGS: PREL BE"), year=2009).origin == "Embassy Brussels"
    assert parse_cable(r["body"].replace(tags, "TAGS: PREL BE EUN"), year=2009).origin == "USEU Brussels"
    # an FM line settles it whatever the tags say
    assert _parse(r).origin == "USEU Brussels"


def test_origin_without_a_whole_classification_line(corpus):
    # "C O N F I D E N T I A L SECTION 01 OF 02 TEL AVIV": the serial lost, the station kept
    c = _parse(corpus["06TELAVIV4032"], view_body_year)
    assert (c.origin, c.id) == ("Embassy Tel Aviv", None)
    # no classification line at all: the station most of its REF entries name
    c = _parse(corpus["07LAPAZ3262"], view_body_year)  # "REF: A. LA PAZ 3261 / B. LA PAZ 3119"
    assert (c.origin, c.id) == ("Embassy La Paz", None)
    assert _parse(corpus["05PARIS4749"]).origin == "Embassy Paris"  # "REF: PARIS 479", and no year
    body = corpus["07LAPAZ3262"]["body"]
    mixed = body.replace("LA PAZ 3119", "LIMA 3119")
    assert mixed != body and parse_cable(mixed, year=2007).origin is None  # half is not most


# --- classification ----------------------------------------------------------------------
def test_classification_from_the_caveat_lines(corpus):
    # UNCLAS + a SENSITIVE caveat line: FOUO
    assert _parse(corpus["08LONDON1917"]).classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    # a NOFORN caveat line under SIPDIS
    assert _parse(corpus["08ABUJA1016"]).classification == "SECRET//NOFORN"
    # (S/NF) portion markings alone do not make it NOFORN
    assert _parse(corpus["05SANAA1352"], view_body_year).classification == "SECRET"
    # "C O R R E C T E D  C O P Y (text para 7 AND TAGS)" is not the TAGS line: SENSITIVE below it counts
    assert _parse(corpus["07REYKJAVIK1"]).classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


def test_the_last_caveat_written_is_the_one_published(corpus):
    # "NOFORN / SENSITIVE / SIPDIS": published without //NOFORN
    for rid in ("09STATE83014", "10STATE369"):
        assert _parse(corpus[rid]).classification == "SECRET", rid
    # "SENSITIVE / SIPDIS / NOFORN": with it
    assert _parse(corpus["09PANAMA887"], view_body_year).classification == "CONFIDENTIAL//NOFORN"
    assert _parse(corpus["10NAIROBI181"]).classification == "SECRET//NOFORN"


def test_sensitive_on_a_classified_cable_until_october_2008(corpus):
    # "SIPDIS / SENSITIVE / SIPDIS" in February 2007 (DTG 050642Z FEB 07): //NOFORN
    assert _parse(corpus["07MOSCOW468"]).classification == "CONFIDENTIAL//NOFORN"
    # "SENSITIVE / SIPDIS" in October 2009 and November 2008: not
    assert _parse(corpus["09CAIRO1927"]).classification == "CONFIDENTIAL"
    assert _parse(corpus["08KYIV2294"], view_body_year).classification == "CONFIDENTIAL"
    # the body alone with year=2008: the month from "DECL: 07/03/2018" (the default ten years on)
    r = corpus["08ANKARA1331"]
    assert _parse(r, view_body_year).classification == "CONFIDENTIAL//NOFORN"
    undated = r["body"].replace("DECL: 07/03/2018", "DECL: 1.4 (B)")
    assert undated != r["body"]
    assert parse_cable(undated, year=2008).classification == "CONFIDENTIAL"  # month unknown: no rule
    assert parse_cable(undated, year=2007).classification == "CONFIDENTIAL//NOFORN"
    # a twenty-year term ("DECL: 09/17/2028") dates it as well: September 2008
    assert _parse(corpus["08BUENOSAIRES1305"], view_body_year).classification == "CONFIDENTIAL//NOFORN"


def test_routing_header_letters_against_the_body_line(corpus):
    # "ZNY CCCCC ZZH" over a body whose line reads "S E C R E T BOGOTA 004036" (another cable's
    # text under this header, as published): the header's level, not the other text's caveats
    assert _parse(corpus["08LAPAZ751"]).classification == "CONFIDENTIAL"
    assert _parse(corpus["08LAPAZ751"], view_body_year).classification == "SECRET"  # no header: the line
    # a user pasting the header of one real cable over the body of another
    secret, conf = corpus["10NAIROBI181"], corpus["09CAIRO1927"]
    assert "ZNY SSSSS" in secret["header"] and "ZNY CCCCC" in conf["header"]
    c = parse_cable(f"{secret['header'].strip()}\n\n{conf['body']}")
    assert c.classification == "SECRET"  # SECRET, without the body's SENSITIVE or NOFORN rules
    c = parse_cable(f"{conf['header'].strip()}\n\n{secret['body']}")
    assert c.classification == "CONFIDENTIAL"  # not SECRET//NOFORN from the other cable's lines


def test_the_routing_header_is_the_cable_when_the_body_line_names_another(corpus):
    # "DE RUEHAM #3564" / "FM AMEMBASSY AMMAN" over a body whose line reads "PARIS 004247"
    c = _parse(corpus["06AMMAN3564"])
    assert (c.id, c.origin) == ("06AMMAN3564", "Embassy Amman")
    assert _parse(corpus["06AMMAN3564"], view_body_year).id == "06PARIS4247"  # the body alone: its line
    # the header of one real cable pasted over the body of another, both of them CONFIDENTIAL
    moscow, cairo = corpus["07MOSCOW468"], corpus["09CAIRO1927"]
    c = parse_cable(f"{moscow['header'].strip()}\n\n{cairo['body']}")
    assert (c.id, c.origin, c.created.date()) == ("07MOSCOW468", "Embassy Moscow", date(2007, 2, 5))
    assert c.classification == "CONFIDENTIAL"  # the header's level; the other text's caveats do not count
    # one of the two agreeing is enough: the same post ("DE RUEHRK #0401" over "REYKJAVIK 00040"),
    # or the same serial from another spelling of the post ("FM AIT TAIPEI" over "TAIPEI 002933")
    assert _parse(corpus["06REYKJAVIK40"]).id == "06REYKJAVIK40"
    assert _parse(corpus["06TAIPEI2933"]).id == "06TAIPEI2933"


def test_a_dumped_cable_under_the_header_of_the_same_post(corpus):
    # "DE RUEHAC #0071/01" / "FM AMEMBASSY ASUNCION" over a mirror dump of "refid: 09ASUNCION13"
    # whose own header reads "DE RUEHAC #0013/01" and whose line reads "ASUNCION 000013": the
    # text under the header is that other cable's, and the header's DE line gives the ID
    r = corpus["10ASUNCION71"]
    assert "DE RUEHAC #0013/01" in r["body"] and "#0071/01" in r["header"]
    assert _parse(r).id == "10ASUNCION71"
    assert _parse(corpus["09ASUNCION595"]).id == "09ASUNCION595"  # over a dump of 09ASUNCION561
    # the same post with another serial but no second header: the line still counts
    assert _parse(corpus["06REYKJAVIK40"]).id == "06REYKJAVIK40"


def test_a_stray_letter_before_a_spaced_level(corpus):
    # "CSE C R E T SECTION 01 OF 02 SHENYANG 000004" under "ZNY CCCCC" / "DE RUEHMO #1108" /
    # "FM AMEMBASSY MOSCOW": a real classification line (of another cable), so the header's level
    r = corpus["09MOSCOW1108"]
    assert r["body"].startswith("CSE C R E T")
    c = _parse(r)
    assert (c.id, c.classification, c.origin) == ("09MOSCOW1108", "CONFIDENTIAL", "Embassy Moscow")
    c = _parse(r, view_body_year)  # the body alone: its own line's station and serial
    assert (c.station, c.serial) == ("SHENYANG", 4)


def test_a_header_below_the_line_that_names_another_post_is_not_this_cables(corpus):
    # "S E C R E T BERN 000279" with a dump of a Cotonou cable ("FM AMEMBASSY COTONOU") under it
    r = corpus["09BERN279"]
    assert "FM AMEMBASSY COTONOU" in r["body"]
    c = _parse(r, view_body_year)
    assert (c.id, c.origin, c.created) == ("09BERN279", "Embassy Bern", None)
    # "KHARTOUM 10657" (1990) with a Montevideo header of 2008 pasted further down
    c = _parse(corpus["90KHARTOUM10657"], view_body_year)
    assert (c.id, c.origin) == ("90KHARTOUM10657", "Embassy Khartoum")


# --- sections -----------------------------------------------------------------------------
def test_subject_wraps_are_joined_and_markings_stripped(corpus):
    c = _parse(corpus["00TASHKENT4223"])
    assert c.subject == "KARIMOV URGES CLOSER COOPERATION WITH U.S., COMMITS TO FRANK AIRING OF DIFFERENCES"
    assert _parse(corpus["08ABUJA1016"]).subject == "NIGERIA: xxxxxxxxxxxx"  # "SUBJECT: (S/NF) NIGERIA: ..."


def test_subject_label_forms_of_the_corpus(corpus):
    # "C O R R E C T E D  C O P Y (CHANGED SUBJECT LINE)" and "... COPY (SUBJECT)" above the real label
    assert _parse(corpus["09NAIROBI1077"]).subject == (
        "A/S CARSON AND NSC SENIOR DIRECTOR GAVIN'S MEETING WITH MINISTER FOR HIGHER ED SALLY KOSGEI")
    assert _parse(corpus["09REYKJAVIK37"], view_body_year).subject == (
        "ICELANDIC MINISTER CONFIRMS COMMERCIAL WHALING DECISION STANDS")
    # "SUBJECT: : MEXICANS DIFFER ..."
    assert _parse(corpus["08MEXICO3108"]).subject.startswith("MEXICANS DIFFER ON THE EFFECTS OF FINANCIAL CRISIS")
    # a flattened "... POLICE TRAINING PROGRAM REF: 09 CAIRO 1778; ...": the REF label ends it, PROGRAM stays
    assert _parse(corpus["10CAIRO157"]).subject == "RESUMPTION OF U.S.-FUNDED POLICE TRAINING PROGRAM"


def test_a_page_break_marker_run_into_a_flattened_line_takes_only_its_station(corpus):
    # "... THE US-LIBYA RELATIONSHIP TRIPOLI 00000584 001.2 OF 003 CLASSIFIED BY: ...": the marker is
    # "TRIPOLI 00000584 001.2 OF 003", not the capitals before it
    c = _parse(corpus["09TRIPOLI584"])
    assert c.subject == "BEYOND LOCKERBIE: WRITING THE NEXT CHAPTER OF THE US-LIBYA RELATIONSHIP"
    assert "00000584" not in c.text
    # a marker alone on its line still goes whole, with a station of several words
    from scraper.cables.paragraphs import remove_page_breaks

    assert remove_page_breaks("ends here.\n\nRIO DE JANEIRO 00000123  002 OF 003\n\nGoes on") == "ends here.\nGoes on"


def test_tags_in_any_case_wrapped_without_a_comma(corpus):
    # "Tags: mtcre, parm, prel, ettc, mnuc, tspa, ir, gm, ch"
    assert _parse(corpus["88BAGHDAD28"]).tags == ("MTCRE", "PARM", "PREL", "ETTC", "MNUC", "TSPA", "IR", "GM", "CH")
    # "TAGS: OVIP MQADHAFI PREL PGOV MARR MASS PARM PHUM\nPINR, PTER, KNNP, ENRG, LY"
    assert _parse(corpus["09TRIPOLI310"]).tags == (
        "OVIP", "MQADHAFI", "PREL", "PGOV", "MARR", "MASS", "PARM", "PHUM", "PINR", "PTER", "KNNP", "ENRG", "LY")
    rice = [r for r in corpus.values() if r["tags"][:3] == ["OVIP", "RICE", "CONDOLEEZZA"]][0]
    assert {"SY", "IS", "LE"} <= set(_parse(rice).tags)  # "... PHUM LE\nSY, IS"
    # "STATE FOR S/CT, EB, EUR/AGS" is an office, not the (typo'd) TAGS label
    assert _parse(corpus["06BERN141"]).tags == ("PTER", "PARM", "ETTC", "SZ")
    # "C O R R E C T E D C O P Y (PRIMARY TAG)" neither
    assert _parse(corpus["07PARIS159"]).tags == ("KDEM", "LE", "PGOV", "PREL", "FR", "IR")
    # "TAGS PGOV, PINS, ZI, MDC, ZANU-PF": no colon; ZANU-PF stays whole
    assert _parse(corpus["00HARARE5461"]).tags == ("PGOV", "PINS", "ZI", "MDC", "ZANU-PF")


def test_references_in_every_label_form(corpus):
    # "Ref: a. ABUJA 320\nb. ABUJA 799\nc. ABUJA 972"
    assert _parse(corpus["08ABUJA1016"]).references == ("08ABUJA320", "08ABUJA799", "08ABUJA972")
    # "REF: A. 99 PRETORIA 12315  B. 99 PRETORIA 12316  C. 00 PRETORIA 9150 ..."
    assert _parse(corpus["01PRETORIA1173"]).references[:3] == ("99PRETORIA12315", "99PRETORIA12316", "00PRETORIA9150")
    # "REFTEL: (A) 05 BRASILIA 598,\n(B) 05 BRASILIA 2426"
    assert _parse(corpus["06BRASILIA1657"]).references == ("05BRASILIA598", "05BRASILIA2426")
    # "Refs:  (A) 03 Colombo 2200 \n-      (B) 03 State 348254", mixed case, year given
    assert _parse(corpus["04COLOMBO11"], view_body_year).references == ("03COLOMBO2200", "03STATE348254")
    # "(C) 03 BRASILIA IIR 6 809 0381 03": an IIR is not a cable
    refs = _parse(corpus["04BRASILIA745"], view_body_year).references
    assert refs == ("04BRASILIA685", "04BRASILIA607", "03BRASILIA2544")
    # "THE UNITED STATES 2009": a word a letter from a station is not a typo of it
    from scraper.cables.refs import parse_refs

    assert parse_refs("THE UNITED STATES 2009 AND THE EU", year=2008) == ()
    assert parse_refs("A. MANAGAU 12", year=2008) == ("08MANAGUA12",)
    # "C) SAINZ E-MAIL": an e-mail is not a cable
    assert _parse(corpus["04MADRID3914"], view_body_year).references[:2] == ("04MADRID3552", "04BRUSSELS4080")


def test_references_are_the_published_list_and_the_ref_block_together(corpus):
    # the CSV row's references field lists 2 ("06GENEVA1954|06STATE130904"); the body's block
    # "REF: A. A. GENEVA 1954 B. STATE 130904 / B. C. STATE 130145 D. GENEVA 1675 / C. E. GENEVA 1673"
    r = corpus["06GENEVA2030"]
    assert r["references"] == ["06GENEVA1954", "06STATE130904"]
    union = ("06GENEVA1954", "06STATE130904", "06STATE130145", "06GENEVA1675", "06GENEVA1673")
    for view in (view_csv, view_metadata, view_header_body):
        assert _parse(r, view).references == union, view.__name__
    # a mirror dump's "destination: 06STATE171921" under "REF: A. STATE 171921 / B. QUITO 2262 / C. QUITO 2252"
    assert _parse(corpus["06QUITO2529"], view_body_year).references == ("06STATE171921", "06QUITO2262", "06QUITO2252")
    # "destination: 07LIMA4516" for the block's "A. LIMA 4516 (06)": one reference, listed as published
    refs = _parse(corpus["07LIMA1862"], view_body_year).references
    assert refs == ("07LIMA4516", "06LIMA248", "05LIMA37", "03LIMA4968")
    # a CSV row pasted with its references glued ("08BUENOSAIRES64698BUENOSAIRES5826"): the block's
    c = parse_cable(corpus["08BUENOSAIRES702"]["body"])
    assert c.references == ("98BUENOSAIRES5826", "04BUENOSAIRES2540", "08BUENOSAIRES646")


def test_ref_block_runs_on_across_blank_lines(corpus):
    # "REF: A. ROME 1206" two blank lines " ¶B. ROME 721" then "CLASSIFIED BY: ..."
    assert _parse(corpus["02ROME1725"], view_body_year).references == ("02ROME1206", "02ROME721")
    # a forum that double-spaces what was pasted: every entry after a blank line
    r = corpus["08ABUJA1016"]
    spaced = r["body"].replace("a. ABUJA 320\nb. ABUJA 799\nc. ABUJA 972\n", "a. ABUJA 320\n\nb. ABUJA 799\n\n\nc. ABUJA 972\n")
    assert spaced != r["body"]
    c = parse_cable(spaced, year=2008)
    assert c.references == ("08ABUJA320", "08ABUJA799", "08ABUJA972")
    # bulleted entries too; the block still ends at "Classified By" and the first paragraph
    bulleted = r["body"].replace("a. ABUJA 320\nb. ABUJA 799\nc. ABUJA 972\n",
                                 "- ABUJA 320\n\n- ABUJA 799\n\nClassified By: x\n\n- ABUJA 972\n")
    assert parse_cable(bulleted, year=2008).references == ("08ABUJA320", "08ABUJA799")
    para = r["body"].replace("c. ABUJA 972\n\nClassified By: A/Pol/C Heather Merritt, reasons 1.4 (b, c & d).\n\n",
                             "\n\n")
    assert parse_cable(para, year=2008).references == ("08ABUJA320", "08ABUJA799")


def test_classified_by_name_and_title(corpus):
    c = _parse(corpus["08ABUJA1016"])  # "Classified By: A/Pol/C Heather Merritt, reasons 1.4 (b, c & d)."
    assert (c.classified_by, c.classified_by_title) == ("Heather Merritt", "A/Pol/C")
    c = _parse(corpus["04NEWDELHI6983"])  # "Classified By: PolCouns Geoffrey Pyatt, Reasons 1.4 (B,D)."
    assert (c.classified_by, c.classified_by_title) == ("Geoffrey Pyatt", "PolCouns")
    c = _parse(corpus["00HARARE5461"])  # "CLASSIFIED BY DCM EARL IRVING. REASONS: 1.5 (B) AND (D)."
    assert (c.classified_by, c.classified_by_title) == ("EARL IRVING", "DCM")


@pytest.mark.parametrize(("rid", "name", "title"), [
    # "CLASSIFIED BY: CLASSIFIED BY POLITICAL MINISTER COUNSELOR SHARON WIENER \nFOR REASONS 1.5 (B) AND (D)."
    ("01PARIS11204", "SHARON WIENER", "POLITICAL MINISTER COUNSELOR"),
    # "... CHARGE D'AFFAIRES DANNY R. RUSSEL FOR REAS \nONS 1.5 (B AND D)": the word "reasons" torn
    ("03THEHAGUE1865", "DANNY R. RUSSEL", "CHARGE D'AFFAIRES"),
    ("09BEIJING2063", "Benjamin Moeling", "Acting Political Minster Counselor"),  # "... Moeling. Re \nasons"
    ("04BRASILIA794", "Lawrence E. Cohen", "Poloff"),  # "Lawrence E. Cohen, Poloff, reasons 1.4 (b)(d)"
    ("01STATE176819", "CHRISTINA B. ROCCA", "ASSISTANT SECRETARY FOR SOUTH ASIAN AFFAIRS"),  # wrapped title
    ("04NEWDELHI7078", "Robert O. Blake, Jr", "DCM"),
])
def test_classified_by_forms_of_the_corpus(corpus, rid, name, title):
    c = _parse(corpus[rid], view_body_year)
    assert (c.classified_by, c.classified_by_title) == (name, title)


def test_declassify_on_in_any_case(corpus):
    assert _parse(corpus["88BAGHDAD28"]).declassify_on == date(2034, 7, 1)  # "E.o. 12958: decl: 07/01/2034"
    assert _parse(corpus["10LAPAZ33"]).declassify_on == date(2020, 2, 9)  # "DECL: 2020/02/09"
    assert _parse(corpus["00HARARE5461"]).declassify_on == date(2010, 9, 21)  # "EO 12958 DECL: 09/21/10"


def test_signer_in_any_case_before_nnnn_and_footers(corpus):
    assert _parse(corpus["05CARACAS2404"]).signer == "BROWNFIELD"  # "Brownfield", NNNN, "2005CARACA02404 - CONFIDENTIAL"
    assert _parse(corpus["00TASHKENT4223"]).signer == "HERBST"  # "... avoid them. Herbst"
    assert _parse(corpus["06THEHAGUE1787"], view_body_year).signer == "BLAKEMAN"


def test_csv_row_with_backslash_escaped_quotes(corpus):
    record = corpus["06TOKYO5805"]  # its subject holds quotes
    text, _ = view_csv(record)
    escaped = text.replace('""', '\\"') if '""' in text else text
    c = parse_cable(escaped)
    assert (c.id, c.origin, c.classification) == (record["id"], record["origin"], record["classification"])


# --- pasted layouts -----------------------------------------------------------------------
def test_viewer_table_and_title_copied_as_text(corpus):
    r = corpus["08ABUJA1016"]
    text = (f"Viewing cable {r['id']}, {r['subject']}\n\n"
            "Reference ID\tCreated\tReleased\tClassification\tOrigin\n"
            f"{r['id']}\t{r['created']}\t{r['released']}\t{r['classification']}\t{r['origin']}\n\n{r['body']}")
    c = parse_cable(text)
    assert (c.id, c.origin, c.classification, c.id_evidence) == (r["id"], r["origin"], r["classification"], "metadata")


def test_code_paste_of_header_and_body(corpus):
    text, _ = view_header_body(corpus["06SANJOSE875"])
    c = parse_cable(f"[code]{text}[/code]")
    assert (c.id, c.origin, c.transmission_id) == ("06SANJOSE875", "Embassy San Jose", "VZCZCXYZ0004")
    assert "[/code]" not in c.text


def test_newspaper_variant_date_line_gives_the_year(corpus):
    # The body opens "Friday, 23 February 2001, 15:53" (the DTG 231553Z FEB 01): no year= needed
    c = parse_cable(corpus["01PRETORIA1173"]["body"])
    assert (c.id, c.created) == ("01PRETORIA1173", datetime(2001, 2, 23, 15, 53, tzinfo=UTC))


# --- a mirror's id:/refid: text dump ----------------------------------------------------------
def _mirror_dump(record: dict, *, destination: str, preview: str = "") -> str:
    """The record as a mirror's text dump shows it: key-value lines, the header, a rule, the body."""
    y, mo, d = record["created"][:10].split("-")
    lines = [f"id: {zlib.crc32(record['id'].encode()) % 250_000}", f"date: {int(mo)}/{int(d)}/{y} {record['created'][11:]}",
             f"refid: {record['id']}", f"origin: {record['origin']}", f"classification: {record['classification']}",
             f"destination: {destination}", "header:", record["header"].strip("\n"), "",
             "----------------- header ends ----------------", "", record["body"]]
    return preview + "\n".join(lines)


def test_mirror_dump_is_read_like_a_metadata_block(corpus):
    r = corpus["08ABUJA1016"]  # its REF block: "Ref: a. ABUJA 320 / b. ABUJA 799 / c. ABUJA 972"
    text = _mirror_dump(r, destination="08ABUJA320|08ABUJA799")
    for pasted in (text, f"[code]{text}[/code]", f"  {text}\n\nThat's the one I meant."):
        c = parse_cable(pasted)
        assert (c.id, c.id_evidence, c.origin, c.classification) == (r["id"], "metadata", r["origin"], r["classification"])
        assert c.created == datetime(2008, 6, 2, 15, 3, tzinfo=UTC)  # the dump's date line
        assert c.internal_id == zlib.crc32(r["id"].encode()) % 250_000
        # destination's IDs as listed, then the REF block's others: the union
        assert c.references == ("08ABUJA320", "08ABUJA799", "08ABUJA972")
        assert c.text.startswith("S E C R E T SECTION 01 OF 03 ABUJA 001016") and "refid:" not in c.text
        assert c.subject == "NIGERIA: xxxxxxxxxxxx" and c.fm == "AMEMBASSY ABUJA"
    # an empty destination: the REF block is read as usual
    assert parse_cable(_mirror_dump(r, destination="")).references == ("08ABUJA320", "08ABUJA799", "08ABUJA972")


def test_mirror_dump_under_a_cut_preview(corpus):
    r = corpus["08ABUJA1016"]
    preview = r["body"][:400].rsplit(" ", 1)[0] + "...\n\n"  # the mirror page's preview, cut
    c = parse_cable(_mirror_dump(r, destination="", preview=preview))
    assert (c.id, c.id_evidence, c.classification) == (r["id"], "metadata", r["classification"])
    assert c.text.startswith("S E C R E T SECTION 01 OF 03 ABUJA 001016") and "..." not in c.subject
    # the corpus holds such pages: a cut SUBJECT in the preview, the whole one below
    c = parse_cable(corpus["07LIMA3673"]["body"])
    assert (c.id, c.references) == ("07LIMA3673", ("07LIMA3638",))  # "destination: 07LIMA3638"
    assert c.subject == "ONDCP DIRECTOR WALTERS SEES PROGRESS IN PERU'S WAR ON DRUGS"
    assert c.created == datetime(2007, 11, 20, 13, 37, tzinfo=UTC)  # "date: 11/20/2007 13:37"


def test_mirror_dumps_of_the_corpus(corpus):
    c = parse_cable(corpus["08BOGOTA1145"]["body"])  # "id: 147556" / "date: 3/27/2008 22:45" / ...
    assert (c.id, c.internal_id, c.origin, c.classification) == ("08BOGOTA1145", 147556, "Embassy Bogota", "CONFIDENTIAL")
    assert c.created == datetime(2008, 3, 27, 22, 45, tzinfo=UTC)
    # the other mirror's names: ORIGIN holds the ID, SOURCE the origin, MISC the references
    c = parse_cable(corpus["09KUWAIT110"]["body"])
    assert (c.id, c.origin, c.classification, c.references) == (
        "09KUWAIT110", "Embassy Kuwait", "SECRET//NOFORN", ("09KUWAIT95",))
    assert c.created == datetime(2009, 2, 5, 16, 36, tzinfo=UTC)
    # the same form with its ID, date and references redacted ("XXXXXXXXXXXX"): what is left is read
    c = parse_cable(corpus["10BEIJING207"]["body"], year=2010)
    assert (c.id, c.origin, c.classification, c.created) == (None, "Embassy Beijing", "SECRET", None)
    assert c.internal_id == 245489


def test_id_lines_in_prose_are_not_a_dump(corpus):
    r = corpus["08ABUJA1016"]
    text = f"id: 12 is the thread number\ndate: yesterday\n\n{r['body']}"
    c = parse_cable(text, year=2008)
    assert (c.id, c.id_evidence, c.internal_id) == ("08ABUJA1016", "station_serial", None)
