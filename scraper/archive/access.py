"""Who may touch an archive file: the one-writer lock, and opening it to read only."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from ..errors import ArchiveError, ArchiveLocked
from .shape import SCHEMA_VERSION, current_version


@contextlib.contextmanager
def lock_archive(path: str | os.PathLike[str], *, create: bool = True) -> Iterator[bool]:
    """Hold the one-writer lock of the archive file; raise ArchiveLocked at once if taken.

    The lock is an OS lock (flock) on the archive file itself, so it belongs to
    the file (its device and inode) whatever path reaches it: a symlink, a hard
    link or another spelling of the path all meet the same lock. No lock file
    is written, so none can be a planted symlink, and none is left behind. The
    kernel drops the lock when its holder dies, so a killed run's lock is taken
    over with no stale-PID guessing. SQLite's own locks are POSIX locks, which
    Linux keeps apart from flock. Yields True when the file was created here
    (empty: the caller may remove it if the run cannot start).

    Close every SQLite connection to the file before leaving the block: closing
    our descriptor drops this process's POSIX locks on the file, SQLite's too.
    """
    path = Path(path)
    flags = os.O_RDWR | os.O_CLOEXEC
    created = False
    try:
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            if not create:
                raise ArchiveError(f"no archive at {path}") from None
            if not path.parent.is_dir():
                raise ArchiveError(f"directory does not exist: {path.parent}") from None
            fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
            created = True
    except IsADirectoryError:
        raise ArchiveError(f"archive path is a directory: {path}") from None
    except FileExistsError:
        raise ArchiveLocked(f"archive {path} is being created by another process") from None
    except OSError as exc:
        raise ArchiveError(f"cannot open archive {path} for writing: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fd)
            who = f"pid {holder}" if holder else "another process"
            raise ArchiveLocked(f"archive {path} is in use by a running smf-archive ({who})") from None
        held, now = os.fstat(fd), _stat_or_none(path)
        if now is None or (held.st_dev, held.st_ino) != (now.st_dev, now.st_ino):
            # Replaced or removed between our open and our lock (a demo --force, a failed start).
            raise ArchiveLocked(f"archive {path} was replaced while opening it; try again")
        if not stat.S_ISREG(held.st_mode):
            raise ArchiveError(f"archive path is not a regular file: {path}")
        yield created
    finally:
        os.close(fd)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _lock_holder(fd: int) -> int | None:
    """The PID holding a flock on the file, from /proc/locks (Linux), if it says."""
    info = os.fstat(fd)
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF"
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted and fields[4].isdigit():
            return int(fields[4])
    return None


def remove_archive_files(path: str | os.PathLike[str]) -> None:
    """Remove an archive and its SQLite side files (-wal, -shm, -journal), if present."""
    for name in (os.fspath(path), *(f"{os.fspath(path)}{suffix}" for suffix in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def open_archive_readonly(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open an archive to read only: nothing is ever written, not even the schema.

    Read through a `mode=ro` connection (sees the last committed crawl). On
    read-only media a WAL archive cannot be opened that way when its -shm file
    is missing, so it is then opened `immutable=1`: nothing can change a file
    on a read-only medium.
    """
    return _open_readonly(path)[0]


def archive_read_mode(path: str | os.PathLike[str]) -> str:
    """How the archive can be read: "ro" (a mode=ro connection) or "immutable" (read-only media)."""
    db, mode = _open_readonly(path)
    db.close()
    return mode


def _open_readonly(path: str | os.PathLike[str]) -> tuple[sqlite_utils.Database, str]:
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"archive path is a directory: {path}")
    if not path.is_file():
        raise ArchiveError(f"no archive at {path}")
    if not os.access(path, os.R_OK):
        raise ArchiveError(f"cannot read archive {path}")
    if path.stat().st_size == 0:
        raise ArchiveError(f"{path} is empty: not an smf-archive archive")
    location = "file:" + urllib.parse.quote(str(path.resolve()))
    try:
        try:
            db, mode = _connect_readonly(f"{location}?mode=ro"), "ro"
        except sqlite3.OperationalError:
            db, mode = _connect_readonly(f"{location}?immutable=1"), "immutable"
        version = current_version(db)
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path} is not a usable SQLite archive: {exc}") from exc
    if version == 0:
        db.close()
        raise ArchiveError(f"{path} is not an smf-archive archive (no schema_version)")
    if version > SCHEMA_VERSION:
        db.close()
        raise ArchiveError(
            f"archive schema version {version} is newer than this smf-archive understands ({SCHEMA_VERSION}); "
            "upgrade smf-archive"
        )
    return db, mode


def _connect_readonly(uri: str) -> sqlite_utils.Database:
    conn = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        conn.execute("pragma query_only = 1")
        conn.execute("select count(*) from sqlite_master").fetchone()  # opens the file (and its WAL)
    except sqlite3.Error:
        conn.close()
        raise
    return sqlite_utils.Database(conn)
