"""Count the CPU instructions of one split pass over the samples' posts, and of the splitter's
main functions within it, under valgrind (callgrind): a figure that does not move when other
work shares the machine, unlike wall time (this machine has no perf counters).

    .venv/bin/python bench/split_instructions.py [--passes N] [--top K] [--functions ends._signed_end,...]

Needs valgrind (``apt-get install valgrind``); without it the script says so and exits 0
(nothing measured). It takes a minute or two: Python runs some 50 times slower under valgrind.

What it prints: instructions per split pass (``split_post`` over every post body of
``samples/visible.json``, the posts ``bench/split.py`` times), then, for each function named
in ``FUNCTIONS`` below, the instructions a pass spends in it, its helpers included
(inclusive), and its calls per pass, most costly first; and the share of the pass spent in
the regex engine (``re``'s C code). The inclusive figures overlap (``ends.body_end`` holds
the ``blocks.cable_like`` calls it makes): they say where to look, not a sum.

How: the script runs itself under ``valgrind --tool=callgrind``, counting only inside
``functools.reduce`` (``--toggle-collect``) and writing one profile at each return from it
(``--dump-after``). It splits every post twice to warm up (recording each named function's
outermost calls and their arguments), then calls ``functools.reduce`` once for the split
passes and once per named function, replaying its recorded calls ``N`` times (the splitter is
pure: the same arguments give the same work). Each profile's total divided by ``N`` is a
figure per pass. PYTHONHASHSEED is fixed, so repeated runs agree to a few thousand instructions.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# module (under scraper.cables, or scraper.split) -> the functions whose calls are replayed.
FUNCTIONS = {
    "layouts": ["find_pasted"],
    "anchors": ["find_anchors"],
    "ends": ["body_end"],
    "goes_on": ["goes_on", "users_paragraph"],
    "blocks": ["cable_like", "split_blocks", "strong", "stops"],
    "signers": ["candidates", "trailer_block"],
    "textspan": ["line_spans"],
    "prose": ["reads_as_user"],
    "tails": ["user_tail_cut"],
    "paragraphs": ["clean_body"],
    "__init__": ["parse_cable"],
}


def _bodies() -> list[str]:
    visible = json.loads((ROOT / "samples" / "visible.json").read_text(encoding="utf-8"))
    return [p["body"] for t in visible["topics"] for p in t["posts"]]


def _record(split_post, bodies: list[str], functions: dict[str, list[str]]) -> dict[str, list[tuple[tuple, dict]]]:
    """Split every post once with each named function wrapped wherever a scraper module binds
    it; return each one's outermost calls (a call made inside a call of the same function is
    part of the outer one's cost)."""
    calls: dict[str, list[tuple[tuple, dict]]] = {}
    restore = []
    for modname, names in functions.items():
        mod = importlib.import_module("scraper.cables" if modname == "__init__" else f"scraper.cables.{modname}")
        for name in names:
            fn = getattr(mod, name)
            key = f"{modname}.{name}"
            seen: list[tuple[tuple, dict]] = calls.setdefault(key, [])
            depth = [0]

            def wrapper(*args, _fn=fn, _seen=seen, _depth=depth, **kwargs):
                if _depth[0] == 0:
                    _seen.append((args, kwargs))
                _depth[0] += 1
                try:
                    return _fn(*args, **kwargs)
                finally:
                    _depth[0] -= 1

            for m in list(sys.modules.values()):
                if getattr(m, "__name__", "").startswith("scraper") and getattr(m, name, None) is fn:
                    setattr(m, name, wrapper)
                    restore.append((m, name, fn))
    for body in bodies:
        split_post(body)
    for m, name, fn in restore:
        setattr(m, name, fn)
    return calls


def _functions(spec: str | None) -> dict[str, list[str]]:
    """``FUNCTIONS``, or the ones named in ``--functions`` ("ends._signed_end,blocks.strong")."""
    if not spec:
        return FUNCTIONS
    named: dict[str, list[str]] = {}
    for item in spec.split(","):
        modname, _, name = item.strip().rpartition(".")
        named.setdefault(modname or "__init__", []).append(name)
    return named


def _inner(passes: int, functions: dict[str, list[str]]) -> None:
    """Under valgrind: the warm-up, then one ``functools.reduce`` per measured figure, in
    the order the outer run reads the profiles (the split pass first, then ``FUNCTIONS``)."""
    from scraper.split import split_post

    bodies = _bodies()
    calls = _record(split_post, bodies, functions)
    for body in bodies:
        split_post(body)
    order = ["split pass"]
    functools.reduce(lambda _, body: split_post(body), bodies * passes, None)
    for key, seen in calls.items():
        modname, name = key.split(".")
        mod = importlib.import_module("scraper.cables" if modname == "__init__" else f"scraper.cables.{modname}")
        fn = getattr(mod, name)
        functools.reduce(lambda _, call, fn=fn: fn(*call[0], **call[1]), seen * passes, None)
        order.append(f"{key}\t{len(seen)}")
    print("\n".join(order), file=sys.stderr)  # the outer run reads the names and call counts


def _profile_costs(path: Path) -> tuple[int, int]:
    """(total instructions, instructions in the regex engine's own code) of one callgrind profile."""
    total, regex, current, after_call = 0, 0, "", False
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            total = int(line.split()[1])
        elif line.startswith(("fn=", "cfn=")):  # a function's name, or its number once named ("(12)")
            m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line)
            name = line.split("=", 1)[1] if m is None else names.setdefault(m[1], m[2] or "")
            if line[0] == "f":
                current = name
        elif line.startswith("calls="):
            after_call = True  # the next cost line is the call's inclusive cost, not this function's own
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_call:
                after_call = False
            elif current.startswith(("sre_", "_sre_")):
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    regex += int(parts[1])
    return total, regex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="replays of each measured call set (default 3)")
    parser.add_argument("--top", type=int, default=20, help="functions to list (default 20)")
    parser.add_argument("--functions", help="module.function,... to measure instead of FUNCTIONS (module under scraper.cables)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _inner(args.passes, _functions(args.functions))
        return
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("split_instructions: skipped, valgrind is not installed (apt-get install valgrind); nothing measured")
        return
    with tempfile.TemporaryDirectory(prefix="split-instr-") as tmp:
        out = Path(tmp) / "cg.out"
        cmd = [valgrind, "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
               "--dump-after=functools_reduce", f"--callgrind-out-file={out}",
               sys.executable, __file__, "--inner", f"--passes={args.passes}"]
        cmd += [f"--functions={args.functions}"] if args.functions else []
        run = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        names = [line for line in run.stderr.splitlines() if line == "split pass" or "\t" in line]
        dumps = sorted(Path(tmp).glob("cg.out.*"), key=lambda p: int(p.name.rsplit(".", 1)[1]))
        if run.returncode != 0 or not names or len(dumps) < len(names):
            tail = "\n".join(run.stderr.splitlines()[-15:])
            sys.exit(f"split_instructions: the valgrind run failed (exit {run.returncode}):\n{tail}")
        costs = [_profile_costs(p) for p in dumps[: len(names)]]
    split_total, split_regex = costs[0]
    per_pass = split_total / args.passes
    print(f"split pass (split_post over samples/, {len(_bodies())} posts): {per_pass / 1e6:.2f}M instructions"
          f"; in the regex engine {split_regex / split_total:.0%}")
    rows = []
    for name, (total, regex) in zip(names[1:], costs[1:]):
        key, n = name.split("\t")
        rows.append((total / args.passes, int(n), key, regex / total if total else 0.0))
    print(f"{'function':28} {'M instr/pass':>12} {'of pass':>8} {'calls':>7} {'regex':>6}  (inclusive: helpers counted in their callers too)")
    for cost, n, key, regex_share in sorted(rows, reverse=True)[: args.top]:
        print(f"{key:28} {cost / 1e6:12.2f} {cost / per_pass:8.0%} {n:7d} {regex_share:6.0%}")


if __name__ == "__main__":
    main()
