"""The fast body paths in scraper.smf.text give what the plain step-by-step ones give.

html_to_text splits out the tags once and parse_body shares one pass between
text, quotes, code and links; both fall back to the steps when a body is odd.
Hypothesis builds bodies from the pieces that make them odd.
"""

from __future__ import annotations

import html as html_lib

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.smf import text

PIECES = [
    "<br />", "<br>", "<br/>", "<BR>", "<Br>", "</li>", "</LI>", "<li>", "<hr>", "<hr />", "<HR>", "<hr-->",
    "<!--", "-->", "<!-- x -->", "<", ">", '<a href="http://x.test/?a=1&amp;b=2">', '<a href="/rel">', "</a>",
    "&nbsp;", "&#039;", "&#39;", "&quot;", "&lt;", "&gt;", "&amp;", "&amp;lt;", "&eacute;", "&#8217;", "&", ";",
    '<div class="codeheader">Code: <a href="javascript:void(0);">[Select]</a></div>', '<code class="bbc_code">',
    "</code>", '<img src="s.gif" alt="&#58;&#41;" class="smiley" />', "smiley", "codeheader", "cable ", "\xa0",
    "\n", "é", "ı", "</lı>", "<b>", "</b>", '<span class="x">', '"', "<div>", "</div>",
    '<div class="quoteheader"><div class="topslice_quote">Quote from: A on February 12, 2011, 08:02:51 pm</div></div>',
    '<blockquote class="bbc_standard_quote">', "</blockquote>", "<cite>Quote</cite>",
    '<div class="quotefooter"><div class="botslice_quote"></div></div>',
]
bodies = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def reference_html_to_text(fragment: str) -> str:
    """html_to_text as plain sequential substitutions (the behaviour the fast path keeps)."""
    if "<" in fragment:
        if "codeheader" in fragment:
            fragment = text._CODE_HEADER.sub("", fragment)
        if "smiley" in fragment:
            fragment = text._SMILEY.sub(text._smiley_alt, fragment)
        fragment = fragment.replace("<br />", "\n").replace("<br>", "\n")
        fragment = text._drop_tags_stepwise(fragment)
    if "&" not in fragment:
        return fragment
    for entity, char in text._COMMON_ENTITIES.items():
        fragment = fragment.replace(entity, char)
    if text._OTHER_ENTITY.search(fragment):
        return html_lib.unescape(fragment)
    return fragment.replace("&amp;", "&")


@settings(max_examples=2000, deadline=None)
@given(bodies)
def test_html_to_text_matches_the_steps(body):
    assert text.html_to_text(body) == reference_html_to_text(body)


@settings(max_examples=2000, deadline=None)
@given(bodies)
def test_parse_body_matches_the_separate_calls(body):
    def no_time(raw: str) -> None:
        return None

    own, quotes = text.split_quotes(body, parse_time=no_time, base_url="http://127.0.0.1/")
    parts = text.parse_body(body, parse_time=no_time, base_url="http://127.0.0.1/")
    assert (parts.own, parts.quotes) == (own, quotes)
    assert parts.text == reference_html_to_text(own)
    assert parts.code_blocks == text.code_blocks_in(own)
    assert parts.links == text.links_in(own, base_url="http://127.0.0.1/")
