"""Read the cookies a user gives for members-only boards (--cookie, --cookie-file)."""

from __future__ import annotations

import http.cookiejar
import re
import tempfile
from pathlib import Path

from .errors import UsageError
from .urls import SESSION_COOKIES

# The first line of a Netscape/Mozilla cookies.txt (what MozillaCookieJar insists on).
NETSCAPE_MAGIC = re.compile(r"#( Netscape)? HTTP Cookie File")
# A cookie file is a few lines; anything bigger was given by mistake.
MAX_COOKIE_FILE_BYTES = 1024 * 1024
# RFC 6265 cookie-name (a token); a value may hold printable ASCII but ";" (nothing that
# could split the Cookie header or fail to encode in it).
COOKIE_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
COOKIE_VALUE = re.compile(r"^[\x20-\x3a\x3c-\x7e]*$")


def parse_cookie_pairs(text: str) -> dict[str, str]:
    """Read NAME=VALUE cookies, one a line or `;`-separated; `#` lines are comments."""
    cookies: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for pair in line.split(";"):
            name, sep, value = pair.strip().partition("=")
            name, value = name.strip(), value.strip()
            if not sep or not name:
                raise UsageError(f"not a NAME=VALUE cookie: {pair.strip()!r}")
            cookies[name] = checked_cookie(name, value)
    return cookies


def checked_cookie(name: str, value: str) -> str:
    """The value, if the name is a token and the value printable ASCII without ';'."""
    if not COOKIE_NAME.match(name) or not COOKIE_VALUE.match(value):
        raise UsageError(f"not a valid cookie (control or separator characters): {name!r}")
    return value


def read_cookie_text(path: Path) -> str:
    """The file's text, or a UsageError for a missing, huge or binary file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_COOKIE_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read cookie file {path}: {exc.strerror}") from exc
    if len(data) > MAX_COOKIE_FILE_BYTES:
        raise UsageError(f"{path} is not a cookie file (larger than {MAX_COOKIE_FILE_BYTES} bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not a cookie file (not UTF-8 text)") from None
    if "\x00" in text:
        raise UsageError(f"{path} is not a cookie file (binary data)")
    return text


def load_cookie_file(path: str | Path, *, host: str | None = None) -> dict[str, str]:
    """Read cookies from a Netscape/Mozilla cookies.txt or from NAME=VALUE lines.

    With `host`, a cookies.txt keeps only the cookies whose domain matches it, so a
    browser export never sends other sites' cookies to the forum.
    """
    path = Path(path)
    text = read_cookie_text(path)
    if not NETSCAPE_MAGIC.match(text):
        if any(line.count("\t") == 6 for line in text.splitlines()):
            raise UsageError(f"{path}: a cookies.txt must start with '# Netscape HTTP Cookie File'")
        return parse_cookie_pairs(text)
    jar = http.cookiejar.MozillaCookieJar()
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as copy:
        copy.write(text)  # the text already checked, so the jar never reads binary data
        copy.flush()
        try:
            jar.load(copy.name, ignore_discard=True, ignore_expires=True)
        except (OSError, http.cookiejar.LoadError, ValueError, IndexError) as exc:
            raise UsageError(f"cannot read cookie file {path}: {exc}") from exc
    wanted = (host or "").lower()

    def matches(domain: str) -> bool:
        domain = domain.lstrip(".").lower()
        return not wanted or wanted == domain or wanted.endswith("." + domain)

    return {c.name: checked_cookie(c.name, c.value or "") for c in jar if matches(c.domain)}


class NoSessionCookies(http.cookiejar.DefaultCookiePolicy):
    """Refuse the guest session cookie the forum sets (PHPSESSID).

    Kept, it makes SMF serve pages in another form (links rewritten around the
    session); the cookies given with --cookie are set directly and still sent.
    """

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        if cookie.name.lower() in SESSION_COOKIES:
            return False
        return super().set_ok(cookie, request)
