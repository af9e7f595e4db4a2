"""A user's own prose typed under a pasted cable is commentary (issue 8: "no user line goes
into a cable"), and a cable's own paragraphs are not taken for a user's.

The remarks are written here in the styles of forum users (long and short, signed and
unsigned, with contractions or none, all lowercase), not the paste bench's; the cables are
real cables of the corpus's tuning part, pasted the way users paste them (a link line, the
body or an excerpt of it), with the remark on the very next line or after a blank line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
import prose_register  # noqa: E402
from scraper.cables.prose import reads_as_user, register  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402

# Long remarks (a paragraph of 300+ characters), some signed.
LONG = (
    "Okay so I finally got through the whole thing. What strikes me is how much of this is just gossip dressed up "
    "as analysis. Half the sources are unnamed, the other half are people with an axe to grind, and yet this goes "
    "straight up the chain as if it were gospel. Makes you wonder how many decisions were made on the basis of stuff like this.",
    "I don't get why nobody picked up on this at the time. It's right there in black and white: they were told, they "
    "knew, and they went ahead anyway. If my government did this I'd be out in the street. Seriously, read the third "
    "paragraph again and tell me that isn't exactly what the critics were saying all along.",
    "You have to remember the context here. This was written right after the elections, when everyone over there was "
    "still arguing about the results, and the people writing it were under pressure to say something reassuring. I'm not "
    "saying it's wrong, just that you should take the upbeat tone with a pinch of salt. My uncle lived there back then "
    "and he tells a very different story.",
    "lol at the bit about 'frank and candid'. In diplomat speak that means they were shouting at each other for an hour. "
    "I've read enough of these now to know the code words, and this one is full of them. Constructive means nothing "
    "happened, useful means we learned nothing new, and wide-ranging means nobody could agree on what the meeting was for.",
    "Thanks for putting these up, seriously. I've been trying to follow this story for months and the press coverage has "
    "been useless, one headline and then nothing. Having the actual text makes a huge difference because you can see for "
    "yourself what was said and by whom, instead of relying on someone's summary of someone else's summary. Keep them coming!",
    "Am I the only one who thinks this is being blown way out of proportion? It's a diplomat writing down what people told "
    "him at a reception. Of course some of it sounds bad out of context, that's what happens when private conversations get "
    "published. I'm not defending anyone here, I just think we should be careful about reading too much into one report.",
    "Here's what bugs me about this one. They spend four paragraphs describing the problem in detail and then the "
    "recommendation at the end is basically to keep monitoring the situation. Really? That's it? You'd think with all that "
    "information somebody would have proposed actually doing something. I guess that's bureaucracy for you.\nPete",
    "Just a note for people reading these for the first time: the names that are blanked out were removed before release "
    "to protect the sources, so don't bother asking who it was. Also the date at the top is when it was sent, not when the "
    "meeting happened. I made that mistake myself a few times when I started going through these and it confused me no end.",
    "honestly i dont know what people expected. every government on earth does this, they send people abroad to talk to "
    "other people and write down what they hear. the only difference now is that we get to read it. if anything this makes "
    "me trust them a bit more, at least some of them seem to know what they are talking about",
    "Wow. I had no idea it went this far back. I remember the official line at the time was that there had been no contact "
    "whatsoever, and here they are having dinner together and swapping phone numbers. Somebody should ask about this on "
    "live TV and see what answer comes back. My guess: nobody will remember a thing.\nMarco",
)


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("remark", LONG)
def test_users_long_remarks_read_as_a_users(remark) -> None:
    first = remark.split("\n")[0]
    assert reads_as_user(first), register(first)


def test_cable_paragraphs_are_not_taken_for_a_users(tune) -> None:
    # Every paragraph of the tuning part's bodies (66,794 of 40+ characters): the register
    # takes fewer than 1 in 1,000 for a user's (quoted letters in the first person, a
    # source's speech left unquoted). Measured when written: 18 (0.027%).
    every = [p for c in tune for p in prose_register.paragraphs(c["body"]) if len(p) >= 40]
    assert len(every) > 60000
    taken = sum(1 for p in every if reads_as_user(p))
    assert taken / len(every) < 0.001, taken


def test_an_ambassadors_first_person_is_not_a_users() -> None:
    # Cables say "I" and "you" (an ambassador's comment, a scenesetter): one class of
    # marker, and the cable's own words, keep them the cable's.
    for s in ("I told the Minister that the Embassy would follow up with the MFA and report septel.",
              "Your visit comes at a time when the GOL is weighing its options; you will meet the President "
              "and the Foreign Minister, and I will accompany you."):
        assert not reads_as_user(s)


# --- pasted, then the remark ------------------------------------------------------------
_ARTEFACT = re.compile(r"CABLE ENDS|header ends|\n[0-9]{1,7},[0-9]{1,2}/|\n[0-9]{1,7}\s*\n\s*[0-9]{4}-|\nid:|<br|</")
_SIGNED = re.compile(r"\n[A-Z][A-Za-z]+$")
_PARA = re.compile(r"(?m)^[ \t]*¶?[0-9]{1,2}\.[ \t]*\((?:C|SBU|S|U)\)")


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (not "... the following points:", not a page's
    "CONFIDENTIAL" line): what a paste cut there ends with."""
    last = text.rstrip().rsplit("\n", 1)[-1].strip()
    return last[-1:] in '.)"' and last != last.upper()


def _clean(rows: list[dict]) -> list[dict]:
    return [c for c in rows if not _ARTEFACT.search(c["body"]) and "\n\n" in c["body"]]


def _commentary(text: str) -> str:
    return _norm(relate_post(text).commentary)


# How users sign a remark, if at all: on the next line, after a blank line, with dashes.
_SIGNATURES = ("", "\n-- Sam", "", "\n\nJo", "\n- Kev", "")


def _share(rows: list, make) -> tuple[float, float]:
    """(share of posts whose commentary is exact, share whose remark is whole in it)."""
    exact = kept = 0
    for k, c in enumerate(rows):
        remark = LONG[k % len(LONG)]
        if "\n" not in remark:
            remark += _SIGNATURES[k % len(_SIGNATURES)]
        text, want = make(c, remark, "\n" if k % 2 else "\n\n")
        got = _commentary(text)
        exact += got == _norm(want)
        kept += got.endswith(_norm(remark))
    return exact / len(rows), kept / len(rows)


def test_a_long_remark_under_a_signed_cable_is_commentary(tune) -> None:
    rows = [c for c in _clean(tune) if _SIGNED.search(c["body"].rstrip())][:40]
    assert len(rows) == 40

    def make(c, remark, sep):
        url = pc._url(c)
        return f"{url}\n\n{c['body'].strip()}{sep}{remark}", f"{url} {remark}"

    exact, kept = _share(rows, make)
    assert exact >= 0.95 and kept == 1.0, (exact, kept)


def test_a_long_remark_under_an_unsigned_body_is_commentary(tune) -> None:
    # The body cut after a paragraph of its own text (no signer, no trailer): the cable's
    # last strong evidence is that paragraph's number and marking.
    rows = []
    for c in _clean(tune):
        paras = [m.start() for m in _PARA.finditer(c["body"])]
        if len(paras) >= 3 and (e := c["body"].find("\n\n", paras[-2])) != -1 and _ends_sentence(c["body"][:e]):
            rows.append((c, c["body"][:e].rstrip()))
        if len(rows) == 40:
            break

    def make(cb, remark, sep):
        c, body = cb
        url = pc._url(c)
        return f"{url}\n\n{body}{sep}{remark}", f"{url} {remark}"

    exact, kept = _share(rows, make)
    assert exact >= 0.95 and kept == 1.0, (exact, kept)


def test_a_long_remark_after_an_excerpt_is_commentary(tune) -> None:
    # One numbered paragraph of a cable, pasted alone under "From <ID>:" and the remark.
    rows = []
    for c in _clean(tune):
        for m in _PARA.finditer(c["body"]):
            e = c["body"].find("\n\n", m.start())
            para = c["body"][m.start() : e if e != -1 else None].strip()
            if 300 <= len(para) <= 1500 and "\n" in para and _ends_sentence(para):
                rows.append((c, para))
                break
        if len(rows) == 40:
            break

    def make(cp, remark, sep):
        c, para = cp
        lead = f"From {c['id']}, the key paragraph:"
        return f"{lead}\n\n{para}{sep}{remark}", f"{lead} {remark}"

    exact, kept = _share(rows, make)
    assert exact >= 0.95 and kept == 1.0, (exact, kept)


def test_a_long_remark_after_nnnn_is_commentary(tune) -> None:
    # A newspaper's copy ends with its trailer: the remark after it is the user's.
    rows = [c for c in _clean(tune) if _SIGNED.search(c["body"].rstrip())][40:70]
    assert len(rows) == 30

    def make(c, remark, sep):
        url = pc._url(c)
        return f"{url}\n\n{c['body'].strip()}\nNNNN{sep}{remark}", f"{url} {remark}"

    exact, kept = _share(rows, make)
    assert exact >= 0.95 and kept == 1.0, (exact, kept)


def test_a_long_remark_between_two_pastes_is_commentary(tune) -> None:
    # The cable, the user's remark after a blank line, then a paragraph of another cable
    # pasted with no link line: the first cable's body would run on to that paragraph
    # (cable text after one user block), but a block in a user's register (three classes
    # of markers, none of the cable's words) after its last cable-looking block ends it.
    rows = [c for c in _clean(tune) if _SIGNED.search(c["body"].rstrip()) is None][:60]
    kept = n = 0
    for k, c in enumerate(rows):
        other = rows[(k + 7) % len(rows)]
        paras = [p.strip() for p in other["body"].split("\n\n") if _PARA.match(p.strip())]
        if not paras:
            continue
        remark = LONG[k % len(LONG)]
        text = f"{pc._url(c)}\n\n{c['body'].strip()}\n\n{remark}\n\n{paras[0]}"
        cables = [_norm(text[s.start : s.end]) for s in split_post(text) if s.kind == "cable"]
        n += 1
        kept += not any(_norm(remark)[:80] in x for x in cables)
    # (measured when written: 39 of 46; 30 of 46 before the rule. The remarks kept in are
    # those with two classes of markers only, and cables whose copy ends with artefacts.)
    assert n >= 40 and kept / n >= 0.8, (kept, n)


# Short remarks, as users type them under a paste.
SHORT = ("Wow, didn't see that coming.", "Interesting read, thanks for this.", "Who wrote this one?",
         "Same story as always.", "Can't believe they put that in writing!", "Read it twice, still shocking.")


def test_a_short_remark_under_a_paragraph_that_introduces_a_list_is_commentary(tune) -> None:
    # An excerpt cut after a paragraph ending "... the following points:" (its list left
    # out), the user's short sentence on the very next line: the list would be bullets,
    # letters or wrapped lines, not a short sentence of a few words.
    rows = []
    for c in _clean(tune):
        for m in _PARA.finditer(c["body"]):
            e = c["body"].find("\n\n", m.start())
            para = c["body"][m.start() : e if e != -1 else None].strip()
            if para.endswith(":") and len(para) < 1500:
                rows.append((c, para))
                break
        if len(rows) == 40:
            break
    assert len(rows) == 40
    exact = 0
    for k, (c, para) in enumerate(rows):
        lead, remark = f"From {c['id']}, this bit:", SHORT[k % len(SHORT)]
        exact += _commentary(f"{lead}\n\n{para}\n{remark}") == _norm(f"{lead} {remark}")
    assert exact / len(rows) >= 0.9, exact  # (40 of 40 when written; 14 before the rule)


def test_user_lines_under_a_routing_header_pasted_alone_are_commentary(tune) -> None:
    # A user pastes only a cable's routing header (its body not released), then types two
    # short lines: they are his, not the cable's body.
    rows = [c for c in _clean(tune) if c["header"].strip().startswith("VZCZC")][:30]
    assert len(rows) == 30
    exact = 0
    for k, c in enumerate(rows):
        remark = f"{SHORT[k % len(SHORT)]}\n{SHORT[(k + 1) % len(SHORT)]}"
        exact += _commentary(f"{c['header'].strip()}\n\n{remark}") == _norm(remark)
    assert exact / len(rows) >= 0.9, exact  # (29 of 30 when written; none before)


def test_a_remark_under_a_note_closed_in_brackets_is_commentary(tune) -> None:
    # "... End note.)" closes the cable's last paragraph: the line typed under it is the user's.
    rows = [c for c in _clean(tune) if re.search(r"(?i)end note\.\)$", c["body"].rstrip())]
    rows += [c for c in _clean(tune) if re.search(r"(?i)\(note: [^()]{20,300}\. end note\.\)\n", c["body"])][: 30 - len(rows)]
    assert len(rows) == 30
    exact = 0
    for k, c in enumerate(rows):
        body = c["body"].rstrip()
        m = re.search(r"(?i)end note\.\)$", body) or list(re.finditer(r"(?i)end note\.\)\n", body))[-1]
        lead, remark = f"From {c['id']}, this bit:", SHORT[k % len(SHORT)]
        cut = body[: m.end()].rstrip()
        para = cut[cut.rfind("\n\n") + 2 :]
        exact += _commentary(f"{lead}\n\n{para}\n{remark}") == _norm(f"{lead} {remark}")
    assert exact / len(rows) >= 0.9, exact  # (27 of 30 when written; 26 before)


# Long remarks with one class of markers only (a generic "you", a lone "I"): typed as one
# long line under a wrapped cable, the layout says they were typed, not pasted.
ONE_CLASS = (
    "Notice how the whole thing hangs on a single unnamed source, and how quickly the rest of the paragraph treats "
    "it as settled fact. Once you see that pattern you find it in half of these reports, and it changes how you "
    "read everything that comes after it in the same document.",
    "My reading of this is simple. They had already decided what to do before the meeting took place, and the "
    "meeting was only there so that the record would show that the other side had been consulted. I have seen the "
    "same thing happen in local politics many times over the years.",
)


def test_a_long_typed_remark_under_a_wrapped_cable_is_commentary(tune) -> None:
    # The body cut after one of its paragraphs hard-wrapped at 40-75 columns.
    rows = []
    for c in _clean(tune):
        paras = [m.start() for m in _PARA.finditer(c["body"])]
        if len(paras) >= 3 and (e := c["body"].find("\n\n", paras[-2])) != -1 and _ends_sentence(c["body"][:e]):
            last = c["body"][paras[-2] : e].rstrip().split("\n")
            if len(last) >= 3 and all(40 <= len(x.rstrip()) <= 75 for x in last[:-1]):
                rows.append((c, c["body"][:e].rstrip()))
        if len(rows) == 40:
            break
    assert len(rows) == 40
    exact = 0
    for k, (c, body) in enumerate(rows):
        remark = ONE_CLASS[k % 2] + ("\nAl" if k % 4 >= 2 else "")
        sep = "\n" if k % 3 else "\n\n"
        url = pc._url(c)
        exact += _commentary(f"{url}\n\n{body}{sep}{remark}") == _norm(f"{url} {remark}")
    assert exact / len(rows) >= 0.9, exact  # (40 of 40 when written; 7 before the rule)
