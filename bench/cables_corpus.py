"""Measure parse_cable on every cable of the real corpus, per pasted view, tuning vs held-out.

    .venv/bin/python bench/cables_corpus.py [--corpus PATH] [--fails VIEW:FIELD] [--part tune|held]

Views: header + body with no metadata; the body alone with ``year=``; the cablegate CSV row;
the metadata block. For each: the share of cables whose ID, created, classification and origin
are right (over the cables whose view carries the field), how often WikiLeaks' subject is a
prefix of ours, how often our tags cover WikiLeaks' tags; then parse_cable's speed on one core.
The held-out part (a hash of the ID, ~30%) is what the targets are judged on; it is printed
again without the few cables WikiLeaks published with another cable's body (no text of theirs
can give their ID or classification), so both figures are in view.

The paste bench (``paste_corpus.py``) cuts the same corpus by another hash, so most of this
bench's held-out cables are in the paste bench's tuning part, whose posts were looked at while
tuning the splitter (and with them the cables' text). The last table is over the cables held
out of both benches: the figure no tuning has seen at all, on fewer cables.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from cable_corpus_util import (  # noqa: E402
    CORPUS,
    FIELDS,
    VIEWS,
    carries,
    field_ok,
    foreign_body,
    held_out,
    load_corpus,
    score,
    subject_ok,
    tags_ok,
)

from paste_corpus import part_of  # noqa: E402

from scraper.cables import parse_cable  # noqa: E402

COLUMNS = (*FIELDS, "subject", "tags")


def print_table(name: str, records: list[dict]) -> None:
    print(f"\n{name}: {len(records)} cables")
    print(f"{'view':<12}" + "".join(f"{c:>16}" for c in COLUMNS))
    for view, counts in score(records, parse_cable):
        cells = []
        for c in COLUMNS:
            right, n = counts[c]
            cells.append(f"{100 * right / n:7.2f}% ({n - right:>4})" if n else f"{'-':>16}")
        print(f"{view:<12}" + "".join(f"{x:>16}" for x in cells))
    print("(share right; in brackets the number wrong)")


def print_fails(records: list[dict], spec: str, limit: int) -> None:
    view, field = spec.split(":")
    render = VIEWS[view][0]
    shown = 0
    for record in records:
        text, kwargs = render(record)
        cable = parse_cable(text, **kwargs)
        if field == "subject":
            bad = subject_ok(cable, record) is False
            got, want = cable.subject, record["subject"]
        elif field == "tags":
            bad = tags_ok(cable, record) is False
            got, want = cable.tags, record["tags"]
        else:
            bad = carries(view, field, record) and not field_ok(field, cable, record)
            got, want = getattr(cable, field), record[field]
        if bad:
            print(f"{record['id']}: got {got!r} want {want!r}")
            shown += 1
            if shown >= limit:
                return


def speed(records: list[dict]) -> None:
    texts = [VIEWS["header+body"][0](r)[0] for r in records]
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()  # CPU time: the machine is shared, wall time is not ours
        for text in texts:
            parse_cable(text)
        best = min(best, time.process_time() - t0)
    size = sum(len(t) for t in texts) / 1e6
    print(f"\nparse_cable: {len(texts) / best:,.0f} cables/s, {size / best:.1f} M chars/s on one core (CPU time)"
          f" (header+body view, {len(texts)} cables, best of 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--fails", help="print failures of VIEW:FIELD (tuning part only unless --part held)")
    parser.add_argument("--part", choices=("tune", "held"), default="tune")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    records = load_corpus(args.corpus)
    tune = [r for r in records if not held_out(r)]
    held = [r for r in records if held_out(r)]
    if args.fails:
        print_fails(held if args.part == "held" else tune, args.fails, args.limit)
        return
    print_table("tuning part", tune)
    print_table("held-out part", held)
    own = [r for r in held if not foreign_body(r)]
    print_table(f"held-out part without the {len(held) - len(own)} cables published with another cable's body"
                " (its classification line names another serial)", own)
    print_table("held out of both benches (this one's and paste_corpus's)", [r for r in held if part_of(r["id"]) == "held_out"])
    speed(records)


if __name__ == "__main__":
    main()
