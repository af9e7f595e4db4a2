"""Where a pasted cable ends when the user's words follow it: every tuning cable, pasted alone
and with the user's words under it, in the layouts of ``paste_corpus`` (not excerpts).

    .venv/bin/python bench/signed_ends.py [--all] [--dump FILE | --compare FILE] [--show K]

Each tuning cable is pasted once per situation below, in a layout taken in turn (``--all``:
in every layout, ten times slower), and the post is read back as the paste bench reads it
(BBCode rendered as SMF renders it, ``relate_post``). The commentary must be exactly the
user's words. Situations:

- ``alone``: an opening remark, the paste, nothing after it;
- ``blank``: a short remark after a blank line;
- ``line``: a short remark typed on the very next line under the paste;
- ``signed``: a short remark on the next line, then a long remark signed with a first name
  on its own line (a forum user's signature), as users write under a paste.

The remarks are this script's own (not the paste bench's), and say nothing a rule keys on.
``--dump`` keeps every post's commentary and links; ``--compare`` prints what a change
altered (a rule meant for the user's words must leave the ``alone`` posts unchanged).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

LAYOUTS = tuple(layout for layout in pc.LAYOUTS if layout != "excerpt")
SITUATIONS = ("alone", "blank", "line", "signed")

_OPENING = ("Found this one while looking for something else.", "One more from the same embassy.",
            "Posting the full text below.")
_SHORT = ("Funny how none of this made the evening news.", "Sent this to my brother, he lived there then.",
          "Ambassador knew all along, obviously.", "Kind of sums up the whole decade.",
          "Page two is where it gets good.", "Minister of what, exactly?")
_LONG = (
    "Some background for people who did not follow the story back then. The local papers ran a few pieces "
    "about the visit, but none of them mentioned the side meetings described in this cable, and the officials "
    "quoted in them denied everything the following week. Reading the two side by side is an education in how "
    "public statements are made and how little they have to do with what is agreed in private.",
    "The interesting thing here is the tone. Compared with the cables from a few years earlier the writer sounds "
    "tired, almost resigned, as if the whole relationship had become a routine of meetings that change nothing. "
    "That matches what people who worked there at the time have said in interviews since, and it explains a lot "
    "about the decisions that came later.",
)
_NAMES = ("Tom", "Marek", "Anna", "Chris")


def build(c: dict, layout: str, situation: str, i: int) -> pc.BuiltPost:
    rng = random.Random(i * 7 + SITUATIONS.index(situation))
    p = pc.paste(c, layout, rng)
    pieces: list[tuple[str, bool]] = [(_OPENING[i % len(_OPENING)], True)]
    if p.lead:
        pieces.append((p.lead, True))
    pieces.append((p.text, False))
    if situation != "alone":
        pieces.append((_SHORT[i % len(_SHORT)], True))
    if situation == "signed":
        pieces.append((f"{_LONG[i % len(_LONG)]}\n{_NAMES[i % len(_NAMES)]}", True))
    seps = {"alone": "\n", "blank": "\n\n", "line": "\n", "signed": "\n"}
    out = [pieces[0][0]]
    for k in range(1, len(pieces)):
        prev_cable = not pieces[k - 1][1]
        sep = seps[situation] if prev_cable else "\n\n"
        if prev_cable and pieces[k - 1][0].endswith("[/code]"):
            sep = "\n"
        out += [sep, pieces[k][0]]
    bbcode = "".join(out)
    text, links = pc.render_as_smf(bbcode)
    truth = " ".join(" ".join(s for s, comm in pieces if comm).split())
    return pc.BuiltPost(bbcode=bbcode, text=text, links=links, cable_ids=(c["id"],), commentary=truth,
                        layouts=(layout,))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="every cable in every layout")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print K failing posts per situation")
    ap.add_argument("--limit", type=int, default=0, help="only the first N tuning cables")
    args = ap.parse_args()
    tune = pc.split_corpus(pc.load_corpus())["tune"]
    if args.limit:
        tune = tune[: args.limit]
    results: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {}
    ok: Counter = Counter()
    n: Counter = Counter()
    shown: Counter = Counter()
    for i, c in enumerate(tune):
        for v, situation in enumerate(SITUATIONS):
            layouts = LAYOUTS if args.all else (LAYOUTS[(i + v) % len(LAYOUTS)],)
            for layout in layouts:
                post = build(c, layout, situation, i)
                found, commentary = pc.score_post(post)
                good = commentary == post.commentary and found == {c["id"]}
                results[(c["id"], layout, situation)] = (commentary, tuple(sorted(found)), good)
                n[situation] += 1
                ok[situation] += good
                if not good and shown[situation] < args.show:
                    shown[situation] += 1
                    print(f"### {situation} {layout} {c['id']}\n  want: {post.commentary[-300:]}\n  got:  {commentary[-300:]}")
    for situation in SITUATIONS:
        print(f"{situation:8s} exact {100 * ok[situation] / n[situation]:6.2f}%  ({n[situation] - ok[situation]} of {n[situation]} wrong)")
    if args.dump:
        args.dump.write_bytes(pickle.dumps(results))
    if args.compare:
        old = pickle.loads(args.compare.read_bytes())
        changed: Counter = Counter()
        for key, now in results.items():
            if key in old and old[key] != now:
                how = "fixed" if now[2] else "broken" if old[key][2] else "still wrong"
                changed[(key[2], how)] += 1
                if how != "fixed" and changed[(key[2], how)] <= args.show:
                    print(f"{how} {key}:\n  before {old[key][0][-200:]!r}\n  now    {now[0][-200:]!r}")
        print("changed:", ", ".join(f"{s} {h} {k}" for (s, h), k in sorted(changed.items())) or "none")


if __name__ == "__main__":
    main()
