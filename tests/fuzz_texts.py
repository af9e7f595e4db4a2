"""Structural fuzz of the splitter on real pasted cables (tests/test_fuzz_splitter.py, bench/fuzz.py).

The texts are the cables users pasted in the sample forum
(samples/visible_truth.json), wrapped in commentary. A mutation repeats a
line (a VZCZC header 20,000 times), duplicates, drops or swaps a chunk of
lines, inserts NUL bytes or header-like lines, or cuts the text short. The
judge asks of split_post what it promises for any text: it raises nothing,
answers within the time bound, and its segments tile the text exactly (no
character lost or repeated).
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass

from fuzz_pages import Hang, time_bound
from samples_util import SAMPLES

from scraper.split import split_post

HEADER_LINES = ["VZCZCXRO1234", "SUBJECT: ", "REF: A. STATE 1 AND 2", "\u00b61. (C) ", "UNCLAS MEXICO 000023",
                "SECRET SECTION 01 OF 03 MEXICO 000023", "E.O. 12958: DECL: 01/04/2018", "TAGS: PREL PGOV MX",
                "Classified By: Ambassador Antonio O. Garza for reasons 1.4 (b) and (d).", "GARZA", "END SUMMARY.",
                "[code]", "[/code]", "136383,1/4/2008 22:01,08MEXICO23,", "MEXICO 00000023  002 OF 003"]
OPS = ("repeat_line", "duplicate_chunk", "drop_chunk", "swap_chunks", "nul_bytes", "header_lines", "cut")


def load_texts() -> list[str]:
    posts = json.loads((SAMPLES / "visible_truth.json").read_text(encoding="utf-8"))["posts"]
    cables = [p["cable_text"] for p in posts if "cable_text" in p]
    return [f"Look at this one:\n\n{c}\n\nWhat do you all make of it?" for c in cables]


@dataclass(frozen=True)
class TextCase:
    op: str
    text: str


def mutate_text(text: str, rng: random.Random, op: str | None = None) -> TextCase:
    op = op or rng.choice(OPS)
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    if op == "repeat_line":
        line = rng.choice([lines[i], "VZCZCXRO1234", "\u00b61. (C) ", ""])
        # Up to 20,000 times, within ~2 MB (SMF itself caps a post at 20,000 characters by default).
        lines[i:i] = [line] * min(rng.choice([10, 1_000, 20_000]), 2_000_000 // (len(line) + 1))
    elif op in ("duplicate_chunk", "drop_chunk", "swap_chunks"):
        j = min(len(lines), i + rng.randint(1, 40))
        chunk = lines[i:j]
        if op == "duplicate_chunk":
            lines[j:j] = chunk * rng.choice([1, 2, 50])
        elif op == "drop_chunk":
            del lines[i:j]
        else:
            k = rng.randrange(len(lines))
            del lines[i:j]
            lines[min(k, len(lines)):min(k, len(lines))] = chunk
    elif op == "nul_bytes":
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + "\x00" * rng.randint(1, 10) + lines[i][at:]
    elif op == "header_lines":
        for _ in range(rng.randint(1, 30)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(HEADER_LINES))
    else:
        return TextCase(op, text[: rng.randrange(len(text))])
    return TextCase(op, "\n".join(lines))


@dataclass(frozen=True)
class TextVerdict:
    outcome: str  # ok / crash / hang / silent_loss
    detail: str
    seconds: float


def judge_text(case: TextCase, *, bound: float) -> TextVerdict:
    started = time.perf_counter()
    try:
        with time_bound(bound):
            segments = split_post(case.text)
    except Hang as exc:
        return TextVerdict("hang", str(exc), time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - exactly what the fuzz looks for
        return TextVerdict("crash", f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
    seconds = time.perf_counter() - started
    tiled = "".join(case.text[s.start : s.end] for s in segments)
    if tiled != case.text or any(a.end != b.start for a, b in zip(segments, segments[1:])):
        return TextVerdict("silent_loss", "the segments do not tile the text", seconds)
    return TextVerdict("ok", "", seconds)
