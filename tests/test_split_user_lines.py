"""A user's short lines under a pasted cable are commentary, not the cable's signer (issue 8:
"no user line goes into a cable"): a word in capitals typed right under the cable's own
signature, a user's name under his short remarks, a bare ID of another cable typed above a
paste. And a cable's own signature lines, and a mirror's ID line over its cable, stay the cable's.

The remarks are written here, in forum users' styles, not the paste bench's words; the
cables are real cables of the corpus's tuning part, pasted whole or cut after a paragraph,
with the remark on the very next line or after a blank line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.cables.signers import signer_line, signer_tail  # noqa: E402
from scraper.relate import relate_post  # noqa: E402

# A word in capitals alone on a line, as users shout one.
SHOUTS = ("SHAMEFUL", "PATHETIC", "INCREDIBLE", "OUTRAGEOUS", "SICKENING", "CRIMINAL")

# A user's sentence typed under his shout.
SENTENCES = ("They all knew.", "Read the second paragraph again.", "Nobody was ever held to account for it!")

# Short remarks signed with a first name under them.
SIGNED = (
    "That settles it then.\nPete",
    "Worth a read.\nAnna",
    "Nothing new under the sun.\nSo it goes.\nBill",
    "Who signed off on this? Nobody, apparently.\nLiz",
    "Make sure you read the comment at the end.\nTom",
)

_SIGNER_ALONE = re.compile(r"[.!?)\"'][ \t]*\n(?:[ \t]*\n)*[ \t]*[A-Z]{3,}[ \t]*$")
_PARA = re.compile(r"(?m)^[ \t]*¶?[0-9]{1,2}\.[ \t]*\((?:C|SBU|S|U)\)")
_ARTEFACT = re.compile(r"CABLE ENDS|header ends|<br|</")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _commentary(text: str) -> str:
    return _norm(relate_post(text).commentary)


def test_a_word_in_capitals_typed_under_the_cables_signer_is_commentary(tune) -> None:
    # Bodies signed with a name in capitals alone on the last line, under a finished
    # sentence ("... MINIMIZE CONSIDERED." / "POWELL"): a cable is signed once, so the word
    # in capitals typed right under it is the user's, maybe with his sentence under it.
    # (Before: read as the cable's signer, over a letter's signature, none exact.)
    rows = [c for c in tune if _SIGNER_ALONE.search(c["body"].rstrip()) and not _ARTEFACT.search(c["body"])][:60]
    assert len(rows) == 60
    exact = 0
    for k, c in enumerate(rows):
        url, shout = pc._url(c), SHOUTS[k % len(SHOUTS)]
        tail = f"\n{shout}" if k % 2 else f"\n{shout}\n{SENTENCES[k % len(SENTENCES)]}"
        exact += _commentary(f"{url}\n\n{c['body'].rstrip()}{tail}") == _norm(f"{url} {tail}")
    assert exact >= 57, exact


def _letter_signed(body: str) -> bool:
    """Whether ``body`` ends on a name line in capitals with another name line (a letter's
    signature, "Ambassador Peter R. Coneway", "Tania Lopez") a few short lines above it."""
    lines = [ln.strip(" \t\xa0\\\"") for ln in body.rstrip().split("\n")]
    lines = [ln for ln in lines if ln]
    if len(lines) < 3 or not lines[-1].isupper() or signer_line(lines[-1]) is None:
        return False
    for k in range(len(lines) - 2, max(0, len(lines) - 6), -1):
        if len(lines[k]) > 40:
            return False
        if not lines[k].isupper() and (signer_line(lines[k]) is not None or signer_tail(lines[k]) is not None):
            return True
    return False


def test_a_letters_signature_over_the_cables_signer_stays_the_cables(tune) -> None:
    # A letter quoted at the cable's end, signed ("Ambassador Peter R. Coneway", "Tania
    # Lopez"), then the cable's own signer in capitals: the cable ends at its signer, and the
    # letter's signature is no user's word under the cable's.
    rows = [c for c in tune if _letter_signed(c["body"])]
    assert len(rows) >= 5
    whole = sum(_commentary(pc._body(c)) == "" for c in rows)
    assert whole == len(rows), (whole, len(rows))


def test_a_name_under_a_users_short_remarks_is_commentary(tune) -> None:
    # The body cut after a paragraph of its own text (no signer), then the user's short
    # remarks with his name under them: no cable's signer.
    rows = []
    for c in tune:
        body = c["body"]
        paras = [m.start() for m in _PARA.finditer(body)]
        if len(paras) >= 3 and (e := body.find("\n\n", paras[-2])) != -1 and body[:e].rstrip()[-1:] == ".":
            rows.append((c, body[:e].rstrip()))
        if len(rows) == 40:
            break
    assert len(rows) == 40
    exact = 0
    for k, (c, body) in enumerate(rows):
        url, remark = pc._url(c), SIGNED[k % len(SIGNED)]
        exact += _commentary(f"{url}\n\n{body}\n\n{remark}") == _norm(f"{url} {remark}")
    assert exact >= 38, exact


def test_a_cables_last_sentence_over_its_signer_in_mixed_case_stays_the_cables(tune) -> None:
    # Bodies whose last block is one line and a name in mixed case ("¶5. (U) Minimize
    # considered." / "Leach", "Comment." / "Garvelink"): the cable's own closing line and signer.
    last = re.compile(r"\n\n[ \t]*[^\n]{1,120}[.!?][ \t]*\n[ \t]*(?:van )?[A-Z][a-z]{2,}[ \t]*$")
    rows = [c for c in tune if last.search(c["body"].rstrip())]
    assert len(rows) >= 5
    whole = sum(_commentary(pc._body(c)) == "" for c in rows)
    assert whole == len(rows), (whole, len(rows))


# Layouts whose paste starts with the cable's own top, no link line above it.
_TOP_LAYOUTS = ("newspaper", "dtg_header_body", "viewer_page", "csv")


def test_a_bare_id_of_another_cable_above_a_paste_is_commentary(tune) -> None:
    # "09LONDON91" alone on a line over a paste of another cable: the user names a cable he
    # means, not the mirror's ID line of the one below (whose serial its top names).
    import random

    rng = random.Random(5)
    rows = [c for c in tune if c["body"].strip()][:48]
    exact = 0
    for k, c in enumerate(rows):
        other = rows[(k + 7) % len(rows)]["id"]
        p = pc.paste(c, _TOP_LAYOUTS[k % len(_TOP_LAYOUTS)], rng)
        sep = "\n" if k % 3 == 0 else "\n\n"
        text = f"Compare the two.{sep}{other}\n\n{p.text}\n\nThat is all."
        exact += _commentary(text) == _norm(f"Compare the two. {other} That is all.")
    assert exact >= 44, exact


def test_a_mirrors_id_line_over_its_own_cable_stays_the_cables(tune) -> None:
    # The cable's own ID alone over its top, as a mirror prints it: the paste's first line.
    import random

    rng = random.Random(6)
    rows = [c for c in tune if c["body"].strip()][:48]
    exact = 0
    for k, c in enumerate(rows):
        p = pc.paste(c, _TOP_LAYOUTS[k % len(_TOP_LAYOUTS)], rng)
        exact += _commentary(f"Compare the two.\n\n{c['id']}\n\n{p.text}\n\nThat is all.") == "Compare the two. That is all."
    assert exact >= 44, exact
