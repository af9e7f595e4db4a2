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
    ├── ForumErrorPage(url, kind)  SMF's own error page served with HTTP 200
    └── ArchiveError               unwritable, corrupt or newer schema exit 5
        └── ArchiveLocked          another run holds the archive      exit 6
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


class ForumErrorPage(ScraperError):
    """SMF answered with its own error page (HTTP 200 or otherwise).

    `kind` is one of: "missing_or_off_limits", "error", "maintenance",
    "database_error", "login_required".
    """

    exit_code = 3

    def __init__(self, url: str, kind: str, message: str = "") -> None:
        self.url = url
        self.kind = kind
        self.message = message
        detail = f": {message}" if message else ""
        super().__init__(f"forum error page ({kind}){detail}: {url}")


class ArchiveError(ScraperError):
    exit_code = 5


class ArchiveLocked(ArchiveError):
    exit_code = 6
