"""Dump every parse_cable result over the corpus (all four views) and every split_post result
over the samples' posts and over the paste bench's tuning-part posts (seed 7), to check a
speed-up changes no output. (Only the tuning part: the held-out posts are not looked at.)

    .venv/bin/python bench/grammar_snapshot.py dump OUT.pickle
    .venv/bin/python bench/grammar_snapshot.py compare OLD.pickle
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from cable_corpus_util import VIEWS, load_corpus  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import paste_corpus  # noqa: E402

from scraper.cables import parse_cable  # noqa: E402
from scraper.split import split_post  # noqa: E402


def bodies() -> list[str]:
    visible = json.loads((ROOT / "samples" / "visible.json").read_text(encoding="utf-8"))
    found = [p["body"] for t in visible["topics"] for p in t["posts"]]
    long_line = None
    for body in found:
        for s in split_post(body):
            if s.kind == "cable" and "006229" in body[s.start : s.start + 60]:
                long_line = body[s.start : s.end].replace("\n", " ") * 20
                break
        if long_line:
            break
    return found + ([long_line] if long_line else [])


def snapshot() -> dict[str, list]:
    out: dict[str, list] = {}
    for view, (render, _) in VIEWS.items():
        out[view] = [repr(parse_cable(text, **kwargs)) for text, kwargs in map(render, load_corpus())]
    posts = bodies()
    out["split"] = [repr(split_post(b)) for b in posts]
    out["split-cables"] = [
        repr(parse_cable(b[s.start : s.end])) for b in posts for s in split_post(b) if s.kind == "cable"
    ]
    tune = paste_corpus.split_corpus(paste_corpus.load_corpus())["tune"]
    out["split-paste-tune"] = [repr(split_post(p.text)) for p in paste_corpus.build_posts(tune, 2000, 7)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    ap.add_argument("mode", choices=("dump", "compare"), help="dump a snapshot, or compare with one")
    ap.add_argument("path", type=Path, help="the snapshot file (a pickle written by dump)")
    args = ap.parse_args()
    mode, path = args.mode, args.path
    if mode == "compare" and not path.is_file():
        ap.error(f"no snapshot at {path}: run dump first")
    now = snapshot()
    if mode == "dump":
        path.write_bytes(pickle.dumps(now))
        print(f"dumped {sum(map(len, now.values()))} results to {path}")
        return
    old = pickle.loads(path.read_bytes())
    bad = 0
    for key, results in old.items():
        if key not in now:
            print(f"{key}: not in this snapshot")
            bad += 1
            continue
        if len(results) != len(now[key]):
            print(f"{key}: {len(results)} results before, {len(now[key])} now")
            bad += 1
            continue
        for i, (a, b) in enumerate(zip(results, now[key])):
            if a != b:
                bad += 1
                if bad <= 5:
                    print(f"{key}[{i}] differs:\n  before {a[:400]}\n  now    {b[:400]}")
    new_keys = sorted(set(now) - set(old))
    if new_keys:
        print(f"not in {path.name} (older snapshot), not compared: {', '.join(new_keys)}")
    print(f"{'IDENTICAL' if not bad else f'{bad} DIFFERENCES'}: {sum(map(len, old.values()))} results")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
