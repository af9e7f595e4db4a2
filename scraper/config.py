"""Every default in one place, with the reason for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import __version__

# Polite by default: one request at a time per host, one second apart.
DEFAULT_DELAY = 1.0
# Seconds one response may take as a whole (connect, headers and the whole body), and
# the most one socket wait may take: SMF pages are small; a stalled or trickling server
# should not hang cron.
DEFAULT_TIMEOUT = 30.0
# Attempts per request (first try + retries) before the page is recorded as failed.
DEFAULT_RETRIES = 4
# Transient statuses worth retrying; anything else 4xx is final.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Exponential backoff with jitter: initial and maximum wait in seconds.
BACKOFF_INITIAL = 1.0
BACKOFF_MAX = 60.0
# Never wait longer than this for a Retry-After header (a hostile or broken server may ask for days).
RETRY_AFTER_CAP = 300.0
# The longest robots.txt Crawl-delay obeyed (seconds); a longer one is capped, with a
# warning: a site asking for an hour between pages would make a nightly run last weeks.
CRAWL_DELAY_CAP = 30.0
# Redirect hops followed per request (SMF redirects msg links, moved topics); a loop ends here.
MAX_REDIRECTS = 10
# A forum page is well under 1 MB; 20 MB protects memory against a runaway response.
# It bounds the bytes as received and the bytes decoded through every Content-Encoding.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
# Identify ourselves honestly; operators can add a contact URL.
USER_AGENT = f"smf-archive/{__version__} (+https://pypi.org/project/smf-archive/)"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchConfig:
    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff_initial: float = BACKOFF_INITIAL
    backoff_max: float = BACKOFF_MAX
    retry_after_cap: float = RETRY_AFTER_CAP
    crawl_delay_cap: float = CRAWL_DELAY_CAP
    max_response_bytes: int = MAX_RESPONSE_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    contact: str | None = None  # appended to the User-Agent
    obey_robots: bool = True
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def full_user_agent(self) -> str:
        return f"{self.user_agent} contact: {self.contact}" if self.contact else self.user_agent
