"""The error tree. Only `cli.py` catches these and maps them to exit codes.

    ScraperError
    ├── UsageError                 bad arguments                     exit 2
    │   ├── AmbiguousTimeFormat(url) the pages cannot tell the time format: --time-format
    │   └── ForumMoved(old, new)   an archived forum at a new address
    ├── FetchError(url, status)    network or HTTP failure           exit 4 when it ends a run
    │   ├── RobotsDisallowed(url)  robots.txt refuses the URL
    │   └── ResponseTooLarge(url)  over the size cap
    ├── NotSMF(url, why)           the start page is not an SMF forum exit 4
    ├── UnexpectedLayout(url, what) a page we cannot read: never an empty topic
    │   └── HostilePage(url, what) pathological structure, refused before parsing
    ├── ForumErrorPage(url, kind)  SMF's own error page served with HTTP 200
    └── ArchiveError               unwritable, corrupt or newer schema exit 5
        └── ArchiveLocked          another run holds the archive      exit 6

    Interrupted(reason)            a signal or --max-time stopped the run  exit 7

`Interrupted` derives from BaseException, as KeyboardInterrupt does: it may be
raised mid-request or mid-sleep and must pass through every `except Exception`
that records a failed page, up to the crawl loop, which ends the run as
"interrupted" with the page still pending.
"""

from __future__ import annotations


class ScraperError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class UsageError(ScraperError):
    exit_code = 2


class AmbiguousTimeFormat(UsageError):
    """The forum's printed dates fit several time formats (12/01 or 01/12?): the run stops."""

    def __init__(self, url: str, detail: str, formats: tuple[str, ...] = ()) -> None:
        self.url = url
        self.detail = detail
        self.formats = formats
        example = f" (e.g. --time-format '{formats[0]}')" if formats else ""
        super().__init__(
            f"cannot tell the forum's time format from {url}: {detail}; "
            f"pass --time-format with the forum's strftime time_format{example}"
        )


class ForumMoved(UsageError):
    """The start URL shows a forum the archive holds under another address."""

    def __init__(self, *, old_url: str, new_url: str, archive: str = "ARCHIVE") -> None:
        self.old_url = old_url
        self.new_url = new_url
        self.archive = archive
        super().__init__(
            f"{new_url} shows the forum archived at {old_url} (same title, boards and topics); "
            f"nothing was written. If the forum moved, run: smf-archive move-forum {archive} {old_url} {new_url}"
        )


class FetchError(ScraperError):
    exit_code = 4

    def __init__(
        self, url: str, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to stay away, if it said
        super().__init__(f"{message}: {url}")


class RobotsDisallowed(FetchError):
    def __init__(self, url: str) -> None:
        super().__init__(url, "robots.txt disallows")


class ResponseTooLarge(FetchError):
    def __init__(self, url: str, limit: int) -> None:
        super().__init__(url, f"response larger than {limit} bytes")


class NotSMF(ScraperError):
    exit_code = 4

    def __init__(self, url: str, why: str) -> None:
        self.url = url
        self.why = why
        super().__init__(f"not a Simple Machines Forum page ({why}): {url}")


class UnexpectedLayout(ScraperError):
    exit_code = 3

    def __init__(self, url: str, what: str) -> None:
        self.url = url
        self.what = what
        super().__init__(f"unrecognised page layout ({what}): {url}")


class HostilePage(UnexpectedLayout):
    """A page whose structure would make parsing it unbounded work (e.g. nesting 66k deep)."""

    def __init__(self, url: str, what: str) -> None:
        self.url = url
        self.what = what
        ScraperError.__init__(self, f"unrecognised/hostile page ({what}): {url}")


class ForumErrorPage(ScraperError):
    """SMF answered with its own error page (HTTP 200 or otherwise).

    `kind` is one of: "missing_or_off_limits", "error", "maintenance",
    "database_error", "login_required".
    """

    # The forum as a whole is down: at the start of a run that is "unreachable" (exit 4).
    DOWN_KINDS = frozenset({"maintenance", "database_error"})

    def __init__(self, url: str, kind: str, message: str = "") -> None:
        self.url = url
        self.kind = kind
        self.message = message
        detail = f": {message}" if message else ""
        super().__init__(f"forum error page ({kind}){detail}: {url}")

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return 4 if self.kind in self.DOWN_KINDS else 3


class ArchiveError(ScraperError):
    exit_code = 5


class ArchiveLocked(ArchiveError):
    exit_code = 6


class Interrupted(BaseException):
    """Stop now: a signal or --max-time. Not a ScraperError: see the module docstring."""

    exit_code = 7

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
