"""Paste real corpus cables into posts, in every layout, and score how the splitter links them.

    .venv/bin/python bench/paste_corpus.py [--posts N] [--seed S] [--show K]

Each post pastes one or two cables of ``../shared/cables/dev-cables.jsonl.gz`` between
commentary that sometimes looks like cable text, the way the seed thread's users did. The
post is written as BBCode, rendered the way SMF 2.0 renders it (entities, ``&nbsp;`` for
runs of spaces, ``<br />``, the ``[code]`` box, autolinked URLs) and read back with the
page parser's own ``parse_body``: the text ``split_post`` really receives. The truth is
known by construction: which cable IDs are pasted and what the user wrote.

The corpus is cut in two by a hash of each cable's ID: a tuning part (~70%) and a held-out
part (~30%); only the first may be looked at while tuning the grammar. The held-out part's
posts are written with other users' words too (phrases of the same kinds, never tuned on). Printed per part:
link precision and recall (pasted cable IDs found vs. true), the share of posts whose links
are exact, the share whose commentary is exact (whitespace normalised), and per layout.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.relate import relate_post  # noqa: E402
from scraper.smf.text import parse_body  # noqa: E402

CORPUS = ROOT.parent / "shared" / "cables" / "dev-cables.jsonl.gz"
BASE_URL = "http://forum.example.org/index.php"
LAYOUTS = ("csv", "csv_backslash", "metadata", "header_body", "dtg_header_body", "link_body", "flattened",
           "code", "excerpt", "newspaper", "viewer_page")
TUNE_SHARE = 70  # percent of the corpus in the tuning part


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def part_of(cable_id: str) -> str:
    """Which part a cable belongs to: "tune" (~70%) or "held_out", by a hash of its ID."""
    h = int(hashlib.sha256(cable_id.encode()).hexdigest()[:8], 16) % 100
    return "tune" if h < TUNE_SHARE else "held_out"


def split_corpus(rows: Iterable[dict]) -> dict[str, list[dict]]:
    parts: dict[str, list[dict]] = {"tune": [], "held_out": []}
    for r in rows:
        parts[part_of(r["id"])].append(r)
    return parts


# --- the user's words --------------------------------------------------------------------
# Plain remarks, and remarks that look like cable text: capitals, SECRET, numbered
# points, REF:, bare cable IDs, a single capitalised word line, quoted phrases; and, now and
# then, a long remark of a paragraph or more (below).
_PLAIN = (
    "Here it is, straight from the source.",
    "Read this one all the way through, it is worth it.",
    "I found this on the mirror last night and could not believe it.",
    "They knew about this years ago and said nothing.",
    "Look at the date on this one.",
    "This is what they say when they think nobody is listening.",
    "Another one for the file. Note who it was sent to.",
    "So much for transparency.",
    "Follow the money.",
    "Thanks for posting these, keep them coming.",
    "Bump, because people need to see this.",
    "Not sure what to make of this one, anyone?",
    "The part about the border is the interesting bit.",
    "Mil-mil = military to military, for anyone wondering.",
    "If this does not wake people up nothing will.",
    "Saved a copy to disk, just in case it disappears.",
    "Compare this with what the news said at the time.",
    "Posted without comment.",
    "Interesting how the language changes halfway through.",
    "Wow. Just wow.",
    "Bookmarked.",
    "lol, \"sensitive but unclassified\"",
    "My two cents: this was the plan all along.",
    "Here is the full text, formatting as it came off the site:",
    "Below, the second one I mentioned yesterday.",
)
_CABLEISH = (
    "THIS IS HUGE. EVERYONE NEEDS TO READ THIS.",
    "WAKE UP PEOPLE",
    "SECRET deals behind our backs, as usual.",
    "CONFIDENTIAL my foot, this should be on the front page.",
    "UNCLASSIFIED and still nobody reports it.",
    "1. They planned it.\n2. They hid it.\n3. Now we know.",
    "Two points:\n1. Who asked for this?\n2. Who paid for it?",
    "REF: the thread from last week about the SPP.",
    "REF my earlier post, same embassy.",
    "SUBJECT says it all.",
    "Classified by whom, and why?",
    "Note the SIPDIS tag. That means it went out on SIPRNet.",
    "TAGS tell you who was supposed to read it.",
    "See also {other}, same year.",
    "{other} says the opposite, by the way.",
    "This ties in with {other}.",
    "NNNN means end of message, for the newbies.",
    "END COMMENT. My comment: unbelievable.",
    "-- the usual suspects, again.",
    "Summary: they lied.",
    "GARZA again. Of course.",
    "SPP = Security and Prosperity Partnership.",
    "(C) stands for confidential, (SBU) for sensitive but unclassified.",
    "MEXICO CITY is where it all comes together.",
)


# The held-out part's users write other words, in the same styles: a rule tuned on the
# phrases above cannot be what makes the held-out figure.
_PLAIN_HELD = (
    "Just came across this one.",
    "Have a look at who signed it.",
    "Worth reading slowly, especially the middle part.",
    "Nobody in the press picked this up, as far as I can tell.",
    "Posting it here before it gets taken down.",
    "Can someone explain what the tags mean?",
    "I have been saying this for years.",
    "Same story as the one in the other thread.",
    "Make of it what you will.",
    "Copied exactly as it appears on the site:",
    "Here's the next one.",
    "and people still call this a conspiracy theory",
    "Pretty damning if you ask me.",
    "Good find. There is more where that came from.",
    "Dates matter here, check them.",
    "Reading this made my blood boil.",
    "I translated the key bits for my friends.",
    "ok, one more and then I am off to bed",
    "Thoughts?",
    "Cheers for the link.",
    "Notice what is NOT in there.",
    "This one is long but read it anyway:",
)
_CABLEISH_HELD = (
    "TOP SECRET would have been more honest.",
    "READ IT AND WEEP",
    "CONFIDENTIAL, they say. Confidential from whom?",
    "SECRET//NOFORN means no foreigners. Think about that.",
    "UNCLAS my foot.",
    "A few things:\n1. The date.\n2. The author.\n3. Who it went to.",
    "My questions:\n1. Why was this hidden?\n2. Who benefits?",
    "REF: my post on page 2 of this thread.",
    "Reftel? Anyone have the reftel?",
    "SUBJECT line tells the whole story.",
    "Classified By an ambassador, no less.",
    "SIPDIS again. Everything is SIPDIS.",
    "TAGS: corruption, cover-up, the usual.",
    "Compare with {other} from the same post.",
    "{other} is the one that started it.",
    "I linked {other} earlier, this is the follow-up.",
    "END OF STORY.",
    "COMMENT: they knew.",
    "-- posted from my phone, sorry for the formatting",
    "Summary for the lazy: money and oil.",
    "CLINTON signed off on this? Wow.",
    "FM = from, TO = to. Simple.",
    "(S) means secret, in case you wondered.",
    "WASHINGTON knew everything.",
)


# Users write paragraphs too: a long remark (over 400 characters), sometimes signed.
_LONG = (
    "I have read this one three times now and I still cannot get over how casually they talk about it. "
    "The embassy staff clearly knew what was going on long before any of it was reported, and the people back "
    "home signed off on every step. Go back to the news coverage from that month and you will find nothing, not "
    "a single word, about any of this. That is the part that bothers me the most, honestly.",
    "For anyone new to these threads: the cables are not secret in the way people think. Most of them are routine "
    "reporting, meetings, visits, who said what to whom at a dinner. What matters is the pattern. When you line up "
    "ten of them from the same embassy over two years you start to see what the priorities really were, and they "
    "are not the ones we were told about at the time.\nDave",
    "My take, for what it is worth. Nothing in here is illegal as such, and I do not think anyone should pretend it "
    "is. But the gap between what was said in public and what was written down in private is huge, and that is "
    "exactly why these documents matter. If the public had known this back then, the debate would have been a "
    "completely different one, and some of the people quoted here would have had a lot of explaining to do.",
)
_LONG_HELD = (
    "Let me add some context because a lot of people outside the region will miss it. The minister mentioned here "
    "was already under investigation at home when this meeting took place, and everybody in the capital knew it. "
    "So when the ambassador writes that he found him candid and constructive, you have to read that with a grain "
    "of salt. Diplomats write for their bosses, not for history, and it shows in every line of this.",
    "I work in a related field and I can tell you that this is exactly how these reports get written. Someone takes "
    "notes in a meeting, a junior officer drafts the thing the same evening, it goes up the chain, and by the time "
    "it is sent half the nuance has been sanded off. That is why the comment paragraphs at the end are the most "
    "interesting part: that is where the author says what he actually thinks.\n-- Karen",
    "Honestly I expected something more dramatic after all the hype in the papers. It is interesting, sure, and "
    "there are a couple of lines in there that would embarrass a few people if they were read out on television, "
    "but overall it reads like what it is: a government employee doing his job, reporting what he heard and adding "
    "his own opinion at the end. The real story is what was done with this information afterwards.",
)


# A third set, for development (``--words dev``): other users' words again, of the same kinds,
# written fresh. A grammar rule is tried on these in place of the tuning words (on the tuning
# part's cables), so that a rule fitted to the tuning phrases shows up as no gain here; the
# held-out words stay unseen. Short remarks signed with a name are among them, as users do.
_PLAIN_DEV = (
    "Found another one, this time from the consulate.",
    "read the last paragraph twice",
    "Unreal. They actually wrote this down.",
    "Anyone else notice the distribution list?",
    "This is the one I was talking about on the other board.",
    "Not much new here but it confirms what we suspected.",
    "Check the date against the timeline in my earlier post.",
    "Reposting since the first link went dead.",
    "It gets better further down.",
    "Funny how none of this made the evening news.",
    "Sorry for the long paste, the site is slow so I copied the whole thing.",
    "Can't make this stuff up.",
    "there you go, straight from the horse's mouth",
    "Here's what was cabled back to Washington that week:",
    "Scroll down to the comment at the end, that's where it gets good.",
    "So who was the source? Redacted, of course.",
    "Ouch.",
    "Thanks again to whoever dug these up.",
    "More tomorrow if I have time.",
    "Interesting timing given the election.",
    "the mods might want to sticky this",
    "Paste below, formatting may be off:",
    "Does anyone have the original PDF?",
    "Spot on, this is exactly what I said would happen.",
    "Posted for the record.\nMike",
    "Judge for yourselves.\n-- Ray",
)
_CABLEISH_DEV = (
    "NOBODY IS TALKING ABOUT THIS",
    "THEY KNEW. THEY ALL KNEW.",
    "SHARE THIS EVERYWHERE",
    "SECRET, but not secret enough apparently.",
    "NOFORN, so not even the allies got to see it.",
    "CONFIDENTIAL? Only until now.",
    "Three things stand out:\n1. The timing.\n2. The names.\n3. The money.",
    "Questions for the thread:\n1. Who drafted it?\n2. Who cleared it?",
    "1) read it\n2) share it\n3) don't let them bury it",
    "REF: the article I posted yesterday.",
    "REF B is the one we still haven't found.",
    "{other} first, then this one.",
    "Also see {other}",
    "{other}",
    "Priceless.",
    "UNBELIEVABLE",
    "\"Frank and candid exchange\" = shouting match.",
    "Love the phrase \"host government sensitivities\".",
    "PARA 4 is the key.",
    "SUMMARY: nothing good.",
    "E.O. 12958 is the order they classify under, look it up.",
    "BOGOTA again, same players.",
    "NEGROPONTE. Who else.",
    "END QUOTE. Now tell me this is normal.",
    "-- read and share",
    "(SBU) on a document like this? Really?",
)
_LONG_DEV = (
    "A bit of background for those who haven't followed this from the start. The people named in these "
    "reports were not minor officials, they were the ones sitting across the table at every summit, and "
    "the embassy was reporting on them week after week. When you put that next to the public statements "
    "from the same months you get two completely different pictures, and only one of them was ever shown "
    "to the voters. Draw your own conclusions.",
    "What strikes me every time I read one of these is how ordinary it all sounds. Nobody is plotting in a "
    "dark room, it is just staff writing up a meeting over coffee and passing on what a minister let slip. "
    "But the decisions that came out of those meetings affected millions of people, and none of them had a "
    "say. That is the real scandal here, not the gossip about who drinks too much at receptions.\nMike",
    "Quick note on reading these: the header lines at the top are routing, who it went to and when, and "
    "the numbered paragraphs are the actual report. The letters in brackets are how secret each paragraph "
    "was. If you skip straight to the comment near the end you get the author's own opinion, which is "
    "usually blunter than the rest. Happy reading, and post anything good you find in here so we can all "
    "have a look at it.\n\nCheers,\nSam",
    "I've been going through the whole batch from that year and this is by far the most revealing one. "
    "Some of the others are dull, trade figures and visa statistics, but this one shows how the two "
    "governments actually worked together behind closed doors, and how carefully they kept it out of "
    "the papers. I'll post the rest of the series over the weekend if nobody beats me to it.\n-Chris",
)

# Which words the tuning part's users write: "tune" (the bench's own) or "dev" (``--words dev``).
WORDS = "tune"


def _commentary(rng: random.Random, other_id: str, n: int | None = None, held_out: bool = False,
                words: str | None = None) -> str:
    """A paragraph or two of the user's own words (other words in the held-out part; the
    development set's in place of the tuning words with ``words="dev"``)."""
    dev = (words or WORDS) == "dev" and not held_out
    plain, cableish = (_PLAIN_HELD, _CABLEISH_HELD) if held_out else (_PLAIN_DEV, _CABLEISH_DEV) if dev else (_PLAIN, _CABLEISH)
    lines = []
    for _ in range(n or rng.choice((1, 1, 1, 2, 2, 3))):
        pool = cableish if rng.random() < 0.45 else plain
        if rng.random() < 0.08:
            pool = _LONG_HELD if held_out else _LONG_DEV if dev else _LONG
        lines.append(rng.choice(pool).format(other=other_id))
    return ("\n" if rng.random() < 0.5 else "\n\n").join(lines)


# --- one cable, pasted in one layout ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Paste:
    """The pasted text, plus commentary that comes with this layout (a link line)."""

    lead: str  # user-written text just before the paste (a link line, "From 08X1:"), or ""
    text: str  # the pasted cable text itself
    layout: str


_DTG_IN_HEADER_RE = re.compile(r"[0-9]{6}Z[ \t]+[A-Za-z]{3}[ \t]+[0-9]{2}\b")
_DTG_LINE_RE = re.compile(r"^[ \t]*(?:[RPOZ][ \t]+){1,2}[0-9]{6}Z[ \t]+[A-Z]{3}[ \t]+[0-9]{2}[ \t]*$", re.M)
_BLOCK_SPLIT_RE = re.compile(r"\n[ \t\xa0]*\n")
_PARA_START_RE = re.compile(r"^[ \t\xa0]*(?:¶[0-9]{1,3}\.|[0-9]{1,2}\.[ \t\xa0]*\()")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _url(c: dict) -> str:
    y, m = c["created"][:4], c["created"][5:7]
    host = ("http://213.251.145.96", "http://wikileaks.org", "http://cablegate.wikileaks.org",
            "https://wikileaks.org")[int(hashlib.md5(c["id"].encode()).hexdigest()[:2], 16) % 4]
    return f"{host}/cable/{y}/{m}/{c['id']}.html"


def _iid(c: dict) -> int:
    return 1000 + int(hashlib.md5(c["id"].encode()).hexdigest()[:6], 16) % 250000


def _header(c: dict) -> str:
    return c["header"].strip("\n").rstrip()


def _dated(c: dict) -> bool:
    """Whether the cable's own top gives its year (a routing header with a DTG)."""
    return bool(_DTG_IN_HEADER_RE.search(c["header"]))


def _body(c: dict) -> str:
    return c["body"].strip("\n").rstrip()


def _full(c: dict) -> str:
    h = _header(c)
    return f"{h}\n\n{_body(c)}" if h else _body(c)


def _csv_date(created: str) -> str:
    y, mo, d, hh, mi = int(created[:4]), int(created[5:7]), int(created[8:10]), int(created[11:13]), created[14:16]
    return f"{mo}/{d}/{y} {hh}:{mi}"


def _weekday(created: str) -> str:
    import datetime as dt

    d = dt.date(int(created[:4]), int(created[5:7]), int(created[8:10]))
    return f"{_WEEKDAYS[d.weekday()]}, {d.day:02d} {_MONTHS[d.month - 1]} {d.year}, {created[11:16]}"


def _flatten(body: str) -> str:
    """One line per paragraph, as the seed's 07MEXICO6229 (page breaks and labels run on)."""
    blocks = [" ".join(b.split()) for b in _BLOCK_SPLIT_RE.split(body)]
    return "\n\n".join(b for b in blocks if b)


def paste(c: dict, layout: str, rng: random.Random) -> Paste:
    """Paste cable ``c`` in ``layout``."""
    hdr, body = _header(c), _body(c)
    refs = "|".join(c.get("references") or []) if isinstance(c.get("references"), list) else ""
    if layout in ("csv", "csv_backslash"):
        esc = (lambda s: s.replace('"', '""')) if layout == "csv" else (lambda s: s.replace('"', '\\"'))
        plain = body.replace("¶", "")  # cables.csv has no pilcrows
        row = (f'{_iid(c)},{_csv_date(c["created"])},{c["id"]},"{c["origin"]}",{c["classification"]},{refs},'
               f'"{esc(hdr)}","{esc(plain)}"')
        if hdr.startswith("VZCZC") and rng.random() < 0.25:  # the seed: header bare, then the row
            row = f"{hdr}\n\n{row}"
        return Paste(lead="", text=row, layout=layout)
    if layout == "metadata":
        sep = f"{refs}\n" if refs else "\n"
        text = f"{_iid(c)}\n{c['created']}:00\n{c['id']}\n{c['origin']}\n{c['classification']}\n{sep}{_full(c)}"
        return Paste(lead=_url(c) if rng.random() < 0.3 else "", text=text, layout=layout)
    # A header without a DTG (a partial extract's note) gives no year: users paste the
    # viewer's URL with it, or the ID could not be known from the post at all.
    lead_needed = not _dated(c)
    if layout == "header_body":
        return Paste(lead=_url(c) if lead_needed or rng.random() < 0.4 else "", text=_full(c), layout=layout)
    if layout == "dtg_header_body":
        m = _DTG_LINE_RE.search(hdr)
        h = hdr[m.start():].lstrip() if m else hdr
        text = f"{h}\n\n{body}" if h else body
        return Paste(lead=_url(c) if lead_needed else "", text=text, layout=layout)
    if layout == "link_body":
        return Paste(lead=_url(c), text=body, layout=layout)
    if layout == "flattened":
        return Paste(lead=_url(c), text=_flatten(body.replace("¶", "¶" if rng.random() < 0.5 else "")), layout=layout)
    if layout == "code":
        inner = _full(c) if rng.random() < 0.5 else body
        nl = "\n" if rng.random() < 0.5 else ""
        lead = _url(c) if not inner.startswith("VZCZC") or lead_needed or rng.random() < 0.3 else ""
        return Paste(lead=lead, text=f"[code]{nl}{inner}\n[/code]", layout=layout)
    if layout == "excerpt":
        blocks = [b for b in _BLOCK_SPLIT_RE.split(body)]
        starts = [i for i, b in enumerate(blocks) if _PARA_START_RE.match(b)]
        if not starts:
            return paste(c, "link_body", rng)
        i = rng.choice(starts)
        k = rng.choice((1, 1, 2, 3))
        chunk = [blocks[i]]
        j = i + 1
        while len([b for b in chunk if _PARA_START_RE.match(b)]) < k and j < len(blocks):
            chunk.append(blocks[j])
            j += 1
        while j < len(blocks) and not _PARA_START_RE.match(blocks[j]) and rng.random() < 0.5:
            chunk.append(blocks[j])  # the unnumbered paragraph or bullets after it
            j += 1
        text = "\n \n".join(b.strip("\n").rstrip() for b in chunk)
        lead = _url(c) if rng.random() < 0.6 else f"From {c['id']}, this bit:"
        return Paste(lead=lead, text=text, layout=layout)
    if layout == "newspaper":
        text = body.replace("E.O. 12958: DECL:", "EO 12958 DECL:").replace("TAGS: ", "TAGS ")
        blocks = [" ".join(b.split()) for b in _BLOCK_SPLIT_RE.split(text)]
        blocks = [b for b in blocks if b]
        lines = text.rstrip().split("\n")
        signer = lines[-1].strip() if lines and 1 <= len(lines[-1].split()) <= 3 and len(lines[-1]) < 30 else ""
        if signer and len(blocks) > 1 and blocks[-1] == " ".join(signer.split()):
            blocks.pop()
            if rng.random() < 0.5:
                blocks[-1] = f"{blocks[-1]} {signer}"
            else:
                blocks.append(signer)
        out = "\n".join(blocks) if rng.random() < 0.5 else "\n\n".join(blocks)
        tail = rng.choice(("\nNNNN", "\nEnd Cable Text", "\nNNNN\nEnd Cable Text", ""))
        return Paste(lead="", text=f"{_weekday(c['created'])}\n{out}{tail}", layout=layout)
    if layout == "viewer_page":
        subj = " ".join((c.get("subject") or "").split())
        table = (f"Viewing cable {c['id']}, {subj}\n\nReference ID\tCreated\tReleased\tClassification\tOrigin\n"
                 f"{c['id']}\t{c['created']}\t{c['released']}\t{c['classification']}\t{c['origin']}\n")
        return Paste(lead="", text=f"{table}\n{_full(c)}", layout=layout)
    raise ValueError(layout)


# --- a post ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BuiltPost:
    bbcode: str
    text: str  # as split_post receives it
    links: tuple[tuple[str, str], ...]
    cable_ids: tuple[str, ...]
    commentary: str  # the truth, whitespace normalised
    layouts: tuple[str, ...]
    code_blocks: tuple[str, ...] = ()  # the code blocks' texts, as the page parser reads them (Post.code_blocks)


# Whether the splitter is given the posts' code blocks, as the pipeline gives them
# (``--no-code-blocks``: the text alone, to measure what the grammar finds by itself).
USE_CODE_BLOCKS = True


def build_post(cables: Sequence[dict], layouts: Sequence[str], rng: random.Random, other_id: str,
               held_out: bool = False, words: str | None = None) -> BuiltPost:
    """A post pasting ``cables`` (one or two) in ``layouts`` between the user's words."""
    pieces: list[tuple[str, bool]] = []  # (bbcode, is_commentary)
    if rng.random() < 0.7:
        pieces.append((_commentary(rng, other_id, held_out=held_out, words=words), True))
    for k, (c, layout) in enumerate(zip(cables, layouts)):
        p = paste(c, layout, rng)
        if k and (rng.random() < 0.8 or not pieces[-1][1]):
            pieces.append((_commentary(rng, other_id, held_out=held_out, words=words), True))
        if p.lead:
            pieces.append((p.lead, True))
        pieces.append((p.text, False))
    if rng.random() < 0.75:
        pieces.append((_commentary(rng, other_id, held_out=held_out, words=words), True))
    out: list[str] = []
    for i, (piece, _) in enumerate(pieces):
        if i:
            prev_cable = not pieces[i - 1][1]
            # Users often type on the very next line after a paste (or after a link line).
            sep = "\n" if (prev_cable and rng.random() < 0.3) or (pieces[i - 1][0].startswith("http") and rng.random() < 0.3) else "\n\n"
            if pieces[i - 1][0].endswith("[/code]"):
                sep = rng.choice(("\n", "\n\n"))
            out.append(sep)
        out.append(piece)
    bbcode = "".join(out)
    text, links, code_blocks = render_as_smf(bbcode)
    truth = " ".join(" ".join(p for p, is_comm in pieces if is_comm).split())
    return BuiltPost(bbcode=bbcode, text=text, links=links, code_blocks=code_blocks, cable_ids=tuple(dict.fromkeys(c["id"] for c in cables)),
                     commentary=truth, layouts=tuple(layouts))


_CODE_RE = re.compile(r"\[code\](.*?)\[/code\]", re.S)
_URL_RE = re.compile(r"(?<![=\]\w\"])https?://[^\s\[\]<>\"]+")


def render_as_smf(bbcode: str) -> tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """BBCode -> the HTML SMF 2.0 serves -> (text, links, code blocks) as the page parser reads them."""
    s = html.escape(bbcode, quote=True).replace("&#x27;", "&#039;")
    s = s.replace("\r", "").replace("\n", "<br />")
    s = s.replace("  ", "&nbsp; ").replace("<br /> ", "<br />&nbsp;")

    def code(m: re.Match) -> str:
        inner = m.group(1)
        if inner.startswith("<br />"):  # parse_bbc drops the break right after [code]
            inner = inner[6:]
        return ('<div class="codeheader">Code: <a href="javascript:void(0);" onclick="return smfSelectText(this);" '
                f'class="codeoperation">[Select]</a></div><code class="bbc_code">{inner}</code>')

    parts, pos = [], 0
    for m in _CODE_RE.finditer(s):
        parts.append(_autolink(s[pos : m.start()]))
        parts.append(code(m))
        pos = m.end()
        if s.startswith("<br />", pos):  # ... and the one right after [/code]
            pos += 6
    parts.append(_autolink(s[pos:]))
    body = parse_body("".join(parts), parse_time=lambda _s: None, base_url=BASE_URL)
    return body.text, tuple((link.href, link.label) for link in body.links), body.code_blocks


def _autolink(s: str) -> str:
    def a(m: re.Match) -> str:
        url = m.group(0)
        while url.endswith(("&nbsp;", ".", ",")):
            url = url[:-6] if url.endswith("&nbsp;") else url[:-1]
        rest = m.group(0)[len(url):]
        return f'<a href="{url}" class="bbc_link" target="_blank">{url}</a>{rest}'

    return _URL_RE.sub(a, s)


def build_posts(rows: Sequence[dict], n: int, seed: int, held_out: bool = False,
                words: str | None = None) -> list[BuiltPost]:
    """``n`` posts from ``rows``, every layout equally often, one or two cables a post
    (``held_out``: with the held-out users' words; ``words="dev"``: else with the development set's)."""
    rng = random.Random(seed)
    posts = []
    for i in range(n):
        k = 1 if rng.random() < 0.7 else 2
        cs = rng.sample(list(rows), k) if len(rows) >= k else list(rows)[:1]
        layouts = [LAYOUTS[(i + j * 5) % len(LAYOUTS)] for j in range(len(cs))]
        other = rng.choice(rows)["id"]
        if any(c["id"] == other for c in cs):
            other = "08MEXICO1082" if cs[0]["id"] != "08MEXICO1082" else "10MEXICO27"
        posts.append(build_post(cs, layouts, rng, other, held_out=held_out, words=words))
    return posts


# --- scoring -----------------------------------------------------------------------------
@dataclass
class Score:
    posts: int = 0
    true_links: int = 0
    found_links: int = 0
    right_links: int = 0
    links_exact: int = 0
    commentary_exact: int = 0

    def add(self, truth: set[str], found: set[str], commentary_ok: bool) -> None:
        self.posts += 1
        self.true_links += len(truth)
        self.found_links += len(found)
        self.right_links += len(truth & found)
        self.links_exact += truth == found
        self.commentary_exact += commentary_ok

    def line(self) -> str:
        p = self.right_links / self.found_links if self.found_links else 1.0
        r = self.right_links / self.true_links if self.true_links else 1.0
        return (f"precision {100 * p:6.2f}%  recall {100 * r:6.2f}%  links exact {100 * self.links_exact / self.posts:6.2f}%"
                f"  commentary exact {100 * self.commentary_exact / self.posts:6.2f}%  ({self.posts} posts)")


def score_post(post: BuiltPost) -> tuple[set[str], str]:
    """Pasted cable IDs found, and the commentary (whitespace normalised)."""
    result = relate_post(post.text, post.links, code_blocks=post.code_blocks if USE_CODE_BLOCKS else ())
    found = {r.cable_id for r in result.relations if r.relation == "pasted"}
    return found, " ".join(result.commentary.split())


def score(posts: Iterable[BuiltPost], failures: list | None = None) -> tuple[Score, dict[str, Score]]:
    total, by_layout = Score(), defaultdict(Score)
    for post in posts:
        found, commentary = score_post(post)
        truth = set(post.cable_ids)
        ok = commentary == post.commentary
        total.add(truth, found, ok)
        for layout in dict.fromkeys(post.layouts):
            by_layout[layout].add(truth, found, ok)
        if failures is not None and (found != truth or not ok):
            failures.append((post, found, commentary))
    return total, dict(by_layout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000, help="posts per part (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print K failing posts of the tuning part")
    parser.add_argument("--layout", default=None, help="only posts whose first cable uses this layout")
    parser.add_argument("--words", choices=("tune", "dev"), default="tune",
                        help="the tuning part's users' words: the bench's own (default) or the development set")
    parser.add_argument("--no-code-blocks", action="store_true",
                        help="split the text alone, without the code blocks the pipeline passes (Post.code_blocks)")
    args = parser.parse_args()
    global USE_CODE_BLOCKS, WORDS
    USE_CODE_BLOCKS = not args.no_code_blocks
    WORDS = args.words
    parts = split_corpus(load_corpus())
    print(f"corpus: {sum(map(len, parts.values()))} cables; tuning part {len(parts['tune'])}, "
          f"held-out part {len(parts['held_out'])}")
    for name in ("tune", "held_out"):
        posts = build_posts(parts[name], args.posts, args.seed, held_out=name == "held_out")
        if args.layout:
            posts = [p for p in posts if p.layouts[0] == args.layout]
        failures: list = []
        total, by_layout = score(posts, failures if name == "tune" else None)
        print(f"\n{name:9s} {total.line()}")
        for layout in LAYOUTS:
            if layout in by_layout:
                print(f"  {layout:16s} {by_layout[layout].line()}")
        kinds = Counter("links" if f[1] != set(f[0].cable_ids) else "commentary" for f in failures)
        if failures:
            print(f"  failing tuning posts: {dict(kinds)}")
        for post, found, commentary in failures[: args.show]:
            print("=" * 100)
            print(f"layouts {post.layouts} true {post.cable_ids} found {sorted(found)}")
            print(f"TRUE COMMENTARY: {post.commentary!r}")
            print(f"GOT  COMMENTARY: {commentary!r}")


if __name__ == "__main__":
    main()
