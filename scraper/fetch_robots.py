"""robots.txt, read once per host: which URLs it allows us, and the Crawl-delay it asks for.

Decisions worth knowing (see also ``fetch.py``): a 4xx (404 included) or an empty file allows
everything; so does a 5xx or a network failure, with a warning — we archive a forum we were
asked to archive, and a forum that is down fails the page requests that follow anyway. A
Crawl-delay longer than ours is obeyed up to ``crawl_delay_cap``, with a warning.
"""

from __future__ import annotations

import logging
import threading
import urllib.robotparser
from collections.abc import Callable

from .errors import FetchError
from .models import Page

log = logging.getLogger(__name__)


class RobotsRules:
    """The robots.txt rules of each host (scheme://host:port), fetched on first use."""

    def __init__(
        self,
        *,
        user_agent: str,
        delay: float,
        crawl_delay_cap: float,
        fetch_robots_txt: Callable[[str, str], Page],
    ) -> None:
        # fetch_robots_txt(url, origin) -> Page, one attempt, raising FetchError (with its status).
        self._user_agent = user_agent
        self._delay = delay
        self._cap = crawl_delay_cap
        self._fetch = fetch_robots_txt
        self._lock = threading.Lock()
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._delays: dict[str, float] = {}

    def allows(self, origin: str, url: str) -> bool:
        """Whether robots.txt at ``origin`` lets our user agent fetch ``url``."""
        parser = self._parser_for(origin)
        return parser is None or parser.can_fetch(self._user_agent, url)

    def delay_for(self, origin: str) -> float:
        """Seconds between two requests to ``origin``: ours, or the Crawl-delay it asked for."""
        return self._delays.get(origin, self._delay)

    def _parser_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt of a host (None: everything allowed)."""
        with self._lock:
            if origin not in self._parsers:
                self._parsers[origin] = self._read(origin)
            return self._parsers[origin]

    def _read(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        url = f"{origin}/robots.txt"
        try:
            page = self._fetch(url, origin)
        except FetchError as exc:
            status = exc.status
            if status is not None and (400 <= status < 500 or status == 200):  # 200: an empty file
                log.info("no robots.txt rules at %s (HTTP %s): everything allowed", origin, status)
            else:
                log.warning("robots.txt at %s unavailable (%s): allowing everything", origin, exc)
            return None
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(page.text.splitlines())
        try:
            crawl_delay = float(parser.crawl_delay(self._user_agent) or 0)
        except ValueError:  # robotparser keeps any digits-and-dot text: "1.2.3"
            crawl_delay = 0.0
        if crawl_delay > self._delay:
            cap = max(self._cap, self._delay)
            if crawl_delay > cap:
                log.warning("robots.txt at %s asks for Crawl-delay %gs; waiting %gs (the cap)", origin, crawl_delay, cap)
                crawl_delay = cap
            else:
                log.info("robots.txt at %s asks for Crawl-delay %gs", origin, crawl_delay)
            self._delays[origin] = crawl_delay
        return parser
