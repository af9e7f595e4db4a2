"""Paste an excerpt of every corpus cable and check the splitter keeps its extent.

    .venv/bin/python bench/excerpt_extent.py [--part tune|held_out] [--seed S] [--show K]

For each cable of the part, one excerpt as ``paste_corpus`` cuts it (one to three numbered
paragraphs, sometimes with the unnumbered blocks after them) is pasted under a lead line
("From 08X1, this bit:"), rendered as SMF renders a post, and read back. Three posts each:

- ``alone``: the excerpt is the post's last text. Its whole text must be the excerpt's
  (nothing of it left out: the EXTRA failures).
- ``under``: a user's remark typed right under it, no blank line between; and
- ``after``: the same remark after a blank line. The excerpt must end where it ends, the
  remark must not be swallowed (the MISSING failures).

The remarks here are this bench's own (not ``paste_corpus``'s), so a rule tuned on one
bench is checked on the other's words. Printed: the share of excerpts whose extent is exact.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.cables.layouts import find_pasted  # noqa: E402

REMARKS = (
    "That explains a lot.",
    "Who wrote this, and who did they send it to?",
    "INTERESTING, TO SAY THE LEAST.",
    "Three things stand out:\n1. The timing.\n2. The names.\n3. The silence afterwards.",
    "Same pattern as the other embassy reports I posted.",
    "They never told us any of this",
    "I keep coming back to this cable because it shows how much the people on the ground knew and how little of "
    "it ever reached the public. You can argue about what they should have done with it, but you cannot argue "
    "that they did not know. Read the whole paragraph again and think about what it meant for people there.",
    "Source: the mirror I linked before.",
    "Anyone else notice the tone?",
    "Make sure you read the next paragraph as well, it is even worse.\n-- Tom",
)


def _norm(s: str) -> str:
    return " ".join(s.replace("\xa0", " ").split())


def check(c: dict, rng: random.Random) -> dict[str, bool] | None:
    """Whether each post pasting an excerpt of ``c`` keeps the excerpt's extent (None: no excerpt)."""
    p = pc.paste(c, "excerpt", rng)
    if p.layout != "excerpt":
        return None
    lead = f"From {c['id']}, this bit:"
    remark = rng.choice(REMARKS)
    out = {}
    for kind, bb in (("alone", f"{lead}\n\n{p.text}"), ("under", f"{lead}\n\n{p.text}\n{remark}"),
                     ("after", f"{lead}\n\n{p.text}\n\n{remark}")):
        text, _, _ = pc.render_as_smf(bb)  # (no [code] box in these posts)
        found = [q for q in find_pasted(text) if q.layout == "excerpt"]
        out[kind] = len(found) == 1 and _norm(text[found[0].start : found[0].end]) == _norm(p.text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="tune", choices=("tune", "held_out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print the IDs of K failing cables per kind (tuning part only)")
    args = parser.parse_args()
    rows = pc.split_corpus(pc.load_corpus())[args.part]
    ok = {"alone": 0, "under": 0, "after": 0}
    fails: dict[str, list[str]] = {k: [] for k in ok}
    n = 0
    for c in rows:
        r = check(c, random.Random(f"{args.seed}:{c['id']}"))
        if r is None:
            continue
        n += 1
        for k, v in r.items():
            ok[k] += v
            if not v:
                fails[k].append(c["id"])
    print(f"{args.part}: {n} excerpts  " + "  ".join(f"{k} {100 * v / n:6.2f}%" for k, v in ok.items()))
    if args.show and args.part == "tune":
        for k, ids in fails.items():
            print(f"  {k} fails: {' '.join(ids[: args.show])}")


if __name__ == "__main__":
    main()
