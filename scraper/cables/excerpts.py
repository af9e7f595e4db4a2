"""Where a pasted excerpt ends: one to three numbered paragraphs a user copied out of a cable.

Pure. ``ends.body_end`` reads an excerpt as it reads a body (``excerpt=True``) and asks this
module where it goes on and where it stops. An excerpt is cut out of a cable on its
paragraphs' ends, and the user's own words follow it, often on the very next line.

- Where it stops (``typed_tail_cut``): the cable's own wrap tells. A cable's paragraph is
  hard-wrapped at a width (60-70 columns), so each of its lines but the last runs close to
  that width, and a line's first word never fits on the line above it. A line whose first
  word would have fitted on the finished sentence above it was not wrapped there: it was
  typed under the paste. A first name under a long typed line signs the user's remark
  (``names_users_block``).
- Where it goes on (``excerpt_goes_on``): the cable's order tells. Its paragraphs are
  numbered in order, so what stands between paragraphs N and N + 1 is the cable's, however
  much it reads like a remark; and a text it quotes runs from its lead-in ("Begin text:")
  to its end mark ("End text.").
"""

from __future__ import annotations

import re

from .blocks import LABEL_RE, MEDIUM_RE, new_sentence, strong
from .excerpt_copy import kept_spaces, spaced_goes_on
from .excerpt_order import form_record, list_goes_on, signed_below
from .prose import reads_as_user
from .textspan import WS, line_spans, rstrip_end

# A sentence's end, as a paragraph's last line ends (a quotation or a bracket may close it).
_SENTENCE_END = ".!?"
_CLOSERS = "\")'"


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence: a stop, maybe inside a closing quote or bracket
    (a bracket alone closes an aside in mid-sentence: "(... on June 9)")."""
    if line[-1:] in _CLOSERS:
        line = line[:-1]
    return line[-1:] in _SENTENCE_END


def wrap_width(text: str, start: int, end: int) -> int:
    """The wrap width of the cable text ``text[start:end]``: the longest line, up to 100
    characters, that another line of its block follows (a paragraph's last line and
    one-line blocks say nothing; a longer line was typed or flattened), 0 when no block has
    two lines. (Over the first 60 lines: an excerpt's first paragraphs.)"""
    width = 0
    prev = -1  # the length of the line above, -1 after a blank line
    for x, y in line_spans(text, start, end, 60):
        n = rstrip_end(text, x, y) - x
        blank = not text[x:y].strip(WS)
        if not blank and 0 <= prev <= 100:
            width = max(width, prev)
        prev = -1 if blank else n
    return width


def typed_tail_cut(text: str, start: int, a: int, end: int) -> int:
    """Cut the user's lines typed right under an excerpt's last block ``text[a:end]``.

    The cut falls under a line that ends a sentence (or a heading in capitals, the footer's
    link) when the cable did not wrap there: the next line's first word would have fitted
    on it within the excerpt's own wrap width, or the cable's wrapped lines keep a space at
    their ends and it has none (``_last_of_spaced``). The lines below must be no wrapped
    text (``_fits``) and no cable furniture (a numbered or marked paragraph, a rule, a page
    break). With no wrap to measure (a flattened paragraph), nothing is cut here.
    """
    lines = line_spans(text, a, end, 400)
    if len(lines) < 2 or len(lines) >= 400:
        return end
    above = wrap_width(text, start, a) if a > start else 0  # the excerpt's blocks above this one
    first = max(1, len(lines) - _TAIL_LINES)
    # The wrap width of the cable's lines above each cut (the user's lines below it say nothing).
    inside = max((y - x for x, y in lines[: first - 1]), default=0)
    for k in range(first, len(lines)):
        if k >= 2:
            inside = max(inside, lines[k - 2][1] - lines[k - 2][0])
        px, py = lines[k - 1]
        prev = text[px:py].strip(WS)
        nxt = text[lines[k][0] : lines[k][1]].strip(WS)
        if not prev or not nxt:
            continue
        # A heading in capitals over a line that is not (a page break is no heading), or the
        # footer's link to the embassy's classified site: the cable's text ends with either.
        heading = (prev == prev.upper() and any(ch.isalpha() for ch in prev) and nxt != nxt.upper()
                   and not strong(prev))
        link = prev.startswith(("http://", "https://")) and "sgov.gov" in prev
        width = max(above, inside)
        if not 40 <= width <= 100 or (not above and k < 4):  # (a wrap is measured over three lines at least)
            flat = len(prev) > 120 and (_ends_sentence(prev) or prev.endswith("---"))  # (or on the next heading's rule)
            if (heading or flat) and _sentences(_stripped(text, lines[k:]), typed=flat):
                return rstrip_end(text, a, py)  # under a heading or a flattened paragraph: a user's few sentences
            continue
        # A list's lead-in ("... the following:") over a line in lowercase with no marker:
        # a cable's list starts its items on their own lines, marked or capitalised.
        lead = prev[-1:] == ":" and nxt[:1].islower()
        if not (_ends_sentence(prev) or heading or link or lead):
            continue
        if not (heading or link) and not _fits(prev, nxt, width) and not _last_of_spaced(text, lines, k):
            continue  # the word did not fit: the cable may have wrapped here
        if any(text[y - 1 : y] in (" ", "\xa0") for x, y in lines[k:]):
            continue  # a line below keeps the space it was wrapped at: the cable's wrapped text
        rest = _stripped(text, lines[k:])
        if any(not _fits(r, r2, width) for r, r2 in zip(rest, rest[1:])):
            continue  # a wrapped paragraph from there on: the cable's next one
        if any(strong(r) or (len(r) >= 80 and MEDIUM_RE.match(r) is not None) for r in rest):
            continue  # cable furniture further down: still the cable's
        return rstrip_end(text, a, py)
    return end


def signed_typed_cut(text: str, start: int, a: int, end: int) -> int:
    """Where an excerpt whose last block ``text[a:end]`` ends on a signer-like name ends: at
    the name (``end``), unless the user's lines typed under the excerpt stand above the name,
    a long one in his register right over it (``typed_tail_cut`` cuts above the name's line
    and the one over it): then the name is his, signing them ("Dave" under his paragraph)."""
    ls = text.rfind("\n", a, end)
    if ls == -1 or ls - text.rfind("\n", a, ls) <= 120:
        return end  # (speed: the line over the name is no user's long line; the common case)
    cut = typed_tail_cut(text, start, a, end)
    if cut == end or cut > text.rfind("\n", a, ls):
        return end
    # (a user's own long line among them: the cable's short lines above its signer are its own)
    long = [r for r in _stripped(text, line_spans(text, cut + 1, ls, 7)) if len(r) > 120]
    return cut if long and all(reads_as_user(r, typed=True) for r in long) else end


def ruled_heading_cut(text: str, end: int, he: int) -> int:
    """Where an excerpt ends whose last block starts with the next section's heading on its
    rule of dashes, ending at ``he`` (``headings.ruled_heading_end``), read so far to
    ``end``: never inside the heading, and at its rule when what is under it in the block
    is a user's few sentences typed one a line (``_sentences``), not the section's text:
    read as typed lines (a long one in his register, his first name under them), since the
    section's own text under its heading is a wrapped paragraph. (Typed: over the paste
    bench's validation seeds 21-40, 1 post more of half A right, halves B and H unchanged.)"""
    if end <= he:
        return he
    rest = _stripped(text, line_spans(text, he + 1, end, 7))
    return he if rest and _sentences(rest, typed=True) else end


def sentence_goes_on(text: str, cut: int, end: int) -> int:
    """Undo a cut at ``cut`` of the user's lines typed under an excerpt (read to ``end``)
    when the excerpt's line above it breaks off mid-sentence (no stop, a word or a comma
    last) and the line below goes on in lowercase: the sentence runs on at the cable's wrap,
    the excerpt was cut where the cable's page broke, not where the user typed."""
    if cut >= end:
        return end
    ls = text.rfind("\n", 0, cut) + 1
    last = text[ls:cut].strip(WS)
    nxt = text[cut:end].lstrip(WS)[:1]
    if len(last) < 30 or not (last[-1].isalnum() or last[-1] == ",") or not nxt.islower():
        return cut
    if last.rsplit(None, 1)[-1].isupper():
        return cut  # a name in capitals last ("... cleared this message. SCOBEY"): a signer ends it there
    return end


def broken_off_cut(text: str, start: int, a: int, end: int) -> int:
    """Cut the user's lines typed right under an excerpt's last line that breaks off
    mid-sentence (the cable's page broke there, and the user copied up to the break).

    The cable's next line would go on with that sentence: in lowercase, or with a name
    ("... the Dutch" / "Government"). A line that starts a sentence of its own with a
    common word instead (``_new_sentence``) was typed under the paste, and so are the few
    sentences under it (``_sentences``). Over the tuning part's bodies, of 42,395 blocks of
    two lines or more, read as an excerpt's last block (two blocks above it), none is cut so
    (an article or a preposition, or a name's capital, last on the broken line leads into a
    name: there it is left alone).
    """
    lines = line_spans(text, a, end, 400)
    if len(lines) < 2 or len(lines) >= 400:
        return end
    for k in range(max(1, len(lines) - _TAIL_LINES), len(lines)):
        prev = text[lines[k - 1][0] : lines[k - 1][1]].strip(WS)
        rest = _stripped(text, lines[k:])
        led = _led_into(prev)
        if ((_broken_off(prev) or led) and rest[0] and _new_sentence(rest[0], text[start : lines[k - 1][1]])
                and _sentences(rest) and (not led and _NUMBER_LAST_RE.search(prev) is None or new_sentence(rest[0]))):
            # (After a number or a word that leads into a name, no title and a word the cables
            # capitalise only to start a sentence: "... International's 2009" / "Corruption
            # Perceptions index." is the title going on; "... for disarming the" / "That explains
            # a lot." is no name.)
            return rstrip_end(text, a, lines[k - 1][1])
    return end


# Words that lead into a name on the next line ("... the" / "Netherlands", "Minister of" /
# "Foreign Affairs"): after one of them a capital is no new sentence.
_NAME_LEADS = frozenset("the a an of for to on in at by from with and or as into toward towards via against".split())
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?-?")  # (with its apostrophe, or the hyphen after it)


# A number last on a line, after a blank and no letter: a date's year, a figure.
_NUMBER_LAST_RE = re.compile(r"(?<=[ \t\xa0])[0-9][0-9,]*$")


def _led_into(line: str) -> bool:
    """Whether ``line``, a line of wrapped text (30 to 120 characters), ends on a word that
    leads into a name (``_NAME_LEADS``: "... the", "Minister of")."""
    if not 30 <= len(line) <= 120 or not line[-1].isalpha() or LABEL_RE.match(line) is not None:
        return False  # (a SUBJECT line's title wraps on: "... Issues for" / "Discussion wit...")
    words = _WORD_RE.findall(line[-30:])
    return bool(words) and words[-1] in _NAME_LEADS


def _broken_off(line: str) -> bool:
    """Whether ``line`` breaks off mid-sentence at a cable's wrap: a line of wrapped text
    (30 to 120 characters) whose last word is in lowercase (no name's, no lead into one),
    or a number or a comma last."""
    if not 30 <= len(line) <= 120:
        return False
    if line[-1] == ",":
        return True
    if _NUMBER_LAST_RE.search(line) is not None:
        return True  # a number last, no stop after it: "... for refueling on March 22, 2008"
    words = _WORD_RE.findall(line[-30:])
    return bool(words) and line[-1].isalpha() and words[-1].islower() and words[-1] not in _NAME_LEADS


def _new_sentence(line: str, above: str) -> bool:
    """Whether ``line`` starts a sentence of its own: its first word is capitalised, a
    common word the excerpt ``above`` writes in lowercase and never capitalised inside a
    sentence (a name is written so: "... to the" / "Embassy in Paris"); or, a word the
    excerpt does not hold, one the cables capitalise only to start a sentence
    (``blocks.starts_sentence``), in a line that is no title."""
    m = _WORD_RE.match(line)
    if m is None or len(m.group()) < 2:
        return False
    w = m.group()
    if not (w[0].isupper() and w[1:].islower()) or w[-1] == "-":
        return False  # (a compound's first half: "Anti-American", "Counter-Piracy Cell")
    if re.search(rf"(?<![A-Za-z]){w.lower()}(?![A-Za-z])", above) is None:
        # A word the cables capitalise only to start a sentence ("Nobody", "Three"; blocks.py),
        # in a sentence, not a title run on ("... the DOD/DOS preferred global format" /
        # "Status of Forces Agreement (SOFA).").
        return new_sentence(line)
    return re.search(rf"(?<=[a-z,;])[ \t\xa0\n]+{w}(?![A-Za-z])", above) is None


_TAIL_LINES = 8  # a user's lines typed under a paste: a few (the cut is looked for among the block's last lines)


def _stripped(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[x:y].strip(WS) for x, y in spans]


def _fits(line: str, nxt: str, width: int) -> bool:
    """Whether ``nxt`` was not wrapped from ``line``: ``line`` ends a sentence and the first
    word of ``nxt`` would have fitted on it within ``width``, or one of them is longer than
    the cable's wrap (typed, not pasted)."""
    if len(line) > width + 2 or len(nxt) > width + 20:
        return True  # (a line longer than every wrapped line above it was typed)
    if not _ends_sentence(line) and line[-1:] != ":":
        return False
    return len(line) + 1 + len(nxt.split(maxsplit=1)[0]) <= width


def _last_of_spaced(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """Whether line ``k - 1`` is the last line of a paragraph whose wrapped lines keep the
    space they were broken at (many copies do: "... with the Italian government. "): the
    lines above it end in a space, it does not, nor does any line below it (so they are no
    more of the cable's wrapped text)."""
    if k < 3 or text[lines[k - 1][1] - 1 : lines[k - 1][1]] in (" ", "\xa0"):
        return False
    return (all(text[y - 1 : y] in (" ", "\xa0") for x, y in lines[max(0, k - 4) : k - 1])
            and not any(text[y - 1 : y] in (" ", "\xa0") for x, y in lines[k:]))


def _sentences(rest: list[str], *, typed: bool = False) -> bool:
    """Whether the lines ``rest`` are a few sentences typed one a line, no cable text: each
    short (a flattened paragraph's line runs longer) or in a user's register
    (``prose.reads_as_user``) and ending a sentence or a list's lead-in, none a marked paragraph, a bullet, a rule or a page break, none in capitals
    only (a signer, a heading). ``typed``: under a flattened paragraph's line in its own
    block, where a long line in the user's register is read as typed (``reads_as_user``'s
    ``typed``: over the tuning part, none of the 434 long lines a flattened paragraph's
    sentence has under it in its block reads so), and a first name may sign it ("Dave")."""
    if len(rest) > 6:
        return False
    for k, r in enumerate(rest):
        if typed and k and _first_name(r):
            continue  # the user signs the lines above
        if not ((len(r) <= 120 or reads_as_user(r, typed=typed)) and (_ends_sentence(r) or r[-1:] == ":")
                and r != r.upper() and not strong(r) and (len(r) < 80 or MEDIUM_RE.match(r) is None)):
            return False
    return True


def _first_name(line: str) -> bool:
    """Whether ``line`` is a first name alone, as a user signs ("Dave", "-- Tom"): one word
    in mixed case (a cable's signer line is in capitals)."""
    w = line.removeprefix("--").strip(WS)
    return 2 <= len(w) <= 15 and w.isalpha() and w[0].isupper() and w[1:].islower()


# A cable's numbered paragraph as it starts a block: the viewer's pilcrow ("¶4.", "¶ 4.")
# or a number with a portion marking ("4. (C)", "4.(SBU)"). Users number their own points
# with neither.
_NUMBERED_RE = re.compile(
    r"""
    [ \t\xa0]*(?:
        ¶[ \t\xa0]?(?P<p>[0-9]{1,3})\.                                # ¶4.
      | (?P<n>[0-9]{1,3})\.[ \t\xa0]*\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF
                                    |(?:[CSU]|SBU)/{1,2}[A-Za-z][A-Za-z ,/-]{0,40})\)     # 4. (C), 7.(C/REL ISAF)
    )
    """,
    re.VERBOSE,
)
_NEXT_LOOK = 6  # blocks looked at for the next paragraph's number


def _number(text: str, a: int, b: int) -> int | None:
    m = _NUMBERED_RE.match(text, a, b)
    return None if m is None else int(m["p"] or m["n"])


def numbering_goes_on(text: str, blocks, i: int, stops) -> bool:
    """Whether block ``i`` of an excerpt lies between two of the cable's numbered paragraphs:
    the last numbered paragraph above it is N, and one of the next blocks (before anything
    that ends a cable: ``stops``) starts paragraph N + 1 written the same way. A cable numbers
    its paragraphs in order, so what lies between ¶3 and ¶4 (a letter quoted whole, a list,
    a one-line sentence, a heading) is the cable's; a user's own points carry no pilcrow and
    no portion marking."""
    n = None
    for j in range(i - 1, max(-1, i - 41), -1):
        if (n := _number(text, *blocks[j])) is not None:
            break
    if n is None:
        return False
    for j in range(i + 1, min(len(blocks), i + 1 + _NEXT_LOOK)):
        a, b = blocks[j]
        if _number(text, a, b) == n + 1:
            return True
        if stops(text, a, b, False):
            return False
    return False


# A cable's lead-in to a text it quotes whole (a letter, a press release, a translation):
# "Begin text:", "BEGIN INFORMAL TRANSLATION", "Begin reftel responses:", or a line ending
# "... follows:". Users introduce a paste with "Here is", "Below", not with these.
_LEAD_IN_RE = re.compile(
    r"""
    [ \t\xa0]*\(?(?:
        (?i:begin)[ \t\xa0]+[A-Za-z]                  # Begin text: / BEGIN TRANSLATION
      | [^\n]{0,80}?[ \t\xa0](?i:follows?)[ \t\xa0]*:   # Informal Embassy translation of letter follows:
    )
    """,
    re.VERBOSE,
)
# The end of the quoted text: "End text.", "(END TRANSLATION)", "End informal translation."
_END_QUOTED_RE = re.compile(r"[ \t\xa0]*\(?(?i:end)[ \t\xa0]+(?:[A-Za-z'-]+[ \t\xa0]+){0,3}(?i:text|translation|quote|letter|note|statement|release|responses?)\b")
_QUOTE_LOOK = 15  # blocks looked at for the lead-in above and the end mark below


def _lead_in(text: str, a: int, b: int) -> bool:
    return b - a <= 100 and text.find("\n", a, b) == -1 and _LEAD_IN_RE.match(text, a, b) is not None


def quoted_goes_on(text: str, blocks, i: int, stops) -> bool:
    """Whether block ``i`` of an excerpt is a text the cable quotes whole: the cable's lead-in
    itself ("Begin text:") or a block between a lead-in above and
    the quoted text's end mark below ("End text."), nothing that ends a cable (``stops``)
    between them."""
    a, b = blocks[i]
    if _lead_in(text, a, b):
        return True
    for j in range(i - 1, max(-1, i - 1 - _QUOTE_LOOK), -1):
        if _lead_in(text, *blocks[j]):
            break
        if stops(text, *blocks[j], False):
            return False
    else:
        return False
    for j in range(i, min(len(blocks), i + _QUOTE_LOOK)):
        x, y = blocks[j]
        if _END_QUOTED_RE.match(text, x, y) is not None:
            return True
        if stops(text, x, y, False):
            return False
    return False


def excerpt_goes_on(text: str, blocks, i: int, stops) -> bool:
    """Whether block ``i`` of an excerpt is the cable's by where it stands: between two of
    its numbered paragraphs (``numbering_goes_on``), the next item of its list
    (``next_item``; its items and bullets in order: ``excerpt_order.list_goes_on``), in a
    text it quotes (``quoted_goes_on``), over its signer (``excerpt_order.signed_below``),
    a record of a form it lists (``excerpt_order.form_record``), or copied text by its lines'
    spaces (``excerpt_copy``: kept at their ends, or a blank line under each)."""
    return (numbering_goes_on(text, blocks, i, stops) or next_item(text, blocks, i)
            or list_goes_on(text, blocks, i, stops) or quoted_goes_on(text, blocks, i, stops)
            or signed_below(text, blocks, i, stops) or form_record(text, *blocks[i])
            or kept_spaces(text, *blocks[i]) or spaced_goes_on(text, blocks, i))


# A list's item as it starts a block: a number or letter in brackets, maybe after a bullet's
# dashes ("--(3)", "(b)", "4)"). The marker's text before the number is its style.
_ITEM_RE = re.compile(r"[ \t\xa0]*(?P<style>(?:-{1,2}[ \t\xa0]?)?\(?)(?P<tok>[0-9]{1,2}|[a-z]|[A-Z])\)")


def next_item(text: str, blocks, i: int) -> bool:
    """Whether block ``i`` starts the next item of the list whose item starts block ``i - 1``,
    written the same way: "--(3)" under "--(2)", "b)" under "a)". A list's items come in
    order; a user's remark under it does not go on with its numbering."""
    m = _ITEM_RE.match(text, *blocks[i])
    if m is None:
        return False
    p = _ITEM_RE.match(text, *blocks[i - 1])
    if p is None or p["style"] != m["style"]:
        return False
    a, b = p["tok"], m["tok"]
    return int(b) == int(a) + 1 if a.isdigit() and b.isdigit() else len(a) == len(b) == 1 and ord(b) == ord(a) + 1


def names_users_block(text: str, blocks, i: int, end: int, is_like) -> bool:
    """Whether the name line ending at ``end`` signs a user's remark under an excerpt: a name
    in mixed case ("Dave"; a cable's signer line is in capitals) right under a line longer
    than any cable's wrap (typed, not pasted), in a block that is no cable text
    (``cable_like``, run on). A cable's sign-off ("End points." / "CLINTON") is short."""
    ls = text.rfind("\n", blocks[i][0], end)
    if i == 0 or ls == -1 or text[ls + 1 : end].strip(WS).isupper():
        return False
    ps = text.rfind("\n", blocks[i][0], ls) + 1 or blocks[i][0]
    return ls - ps > 120 and not is_like(i)
