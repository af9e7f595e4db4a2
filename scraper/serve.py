"""Serve an archive with Datasette, read-only, with its metadata and plugin.

Datasette is an optional extra (`pip install 'smf-archive[datasette]'`).

Why the archive is served *mutable but read-only* rather than `--immutable`:
the nightly crawl writes to the same file while Datasette serves it.
`--immutable` opens the file with SQLite's `immutable=1`, which skips all
locking and assumes the file never changes: a reader could then see a
half-written transaction and Datasette would keep stale counts. `--nolock`
has the same flaw. Served as an ordinary (mutable) database, Datasette reads
through `mode=ro` connections that honour the crawl's WAL transactions, so
readers always see the last committed state and a crawl never waits on them.
Nothing can write: Datasette 0.65 has no write API, no write plugin is
loaded, canned queries are plain selects, and our plugin sets
`pragma query_only` on every connection to the archive. Arbitrary read-only
SQL stays allowed (`execute-sql`), within `sql_time_limit_ms`.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from .archive.access import archive_read_mode
from .archive.shape import schema_file_text
from .errors import ArchiveError, UsageError

log = logging.getLogger(__name__)

NOT_INSTALLED = "Datasette is not installed: pip install 'smf-archive[datasette]'"

# The database block in metadata.yaml is filed under this name; load_metadata
# moves it to the name Datasette gives the archive (its file stem).
METADATA_DATABASE = "archive"

# Datasette settings (`--setting NAME VALUE`), a reason each.
SETTINGS: dict[str, str] = {
    # FTS and the grouped canned queries over a large archive take longer than 1 s.
    "sql_time_limit_ms": "5000",
    # Facets on posts (author, board, year) count the whole table.
    "facet_time_limit_ms": "1000",
    # Pasted cables make long cells: show the start, the row page has the rest.
    "truncate_cells_html": "400",
    # Suggesting facets runs a query per column on every table page: slow on a big archive.
    "suggest_facets": "off",
    # A mutable database is never offered for download anyway; say so.
    "allow_download": "off",
}


def metadata_text() -> str:
    """Return schema/metadata.yaml."""
    return schema_file_text("metadata.yaml")


def load_metadata(database_name: str = METADATA_DATABASE) -> dict[str, Any]:
    """Parse metadata.yaml with its database block filed under `database_name`."""
    import yaml  # a Datasette dependency

    metadata = yaml.safe_load(metadata_text())
    databases = metadata.get("databases", {})
    if METADATA_DATABASE in databases and database_name != METADATA_DATABASE:
        databases[database_name] = databases.pop(METADATA_DATABASE)
    return metadata


def database_name(archive_path: str | os.PathLike[str]) -> str:
    """The name Datasette gives the archive: its file stem."""
    return Path(archive_path).stem


def datasette_args(
    archive_path: str | os.PathLike[str],
    *,
    metadata_path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8001,
    open_browser: bool = False,
    immutable: bool = False,
) -> list[str]:
    """Return the `datasette` command-line arguments that serve the archive.

    `immutable` only for an archive on read-only media (nothing can write it there).
    """
    where = ["--immutable", os.fspath(archive_path)] if immutable else [os.fspath(archive_path)]
    args = [
        "serve",
        *where,  # mutable, read through mode=ro: see the module docstring
        "--metadata",
        os.fspath(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
    ]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    if open_browser:
        args.append("--open")
    return args


def register_plugin() -> None:
    """Register scraper.datasette_plugin with Datasette's plugin manager (once)."""
    try:
        from datasette.plugins import pm
    except ImportError as exc:
        raise UsageError(NOT_INSTALLED) from exc
    from . import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="smf-archive")


def serve(
    archive_path: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    open_browser: bool = False,
) -> None:
    """Serve the archive with Datasette until interrupted."""
    try:
        import click
        from datasette.cli import cli
    except ImportError as exc:
        raise UsageError(NOT_INSTALLED) from exc
    path = Path(archive_path)
    if not path.is_file():
        raise ArchiveError(f"no archive at {path}")
    if not os.access(path, os.R_OK):
        raise ArchiveError(f"cannot read archive {path}")
    # Refuse what is not an archive, and learn whether it sits on read-only media.
    immutable = archive_read_mode(path) == "immutable"
    if immutable:
        log.warning("%s is on read-only media: serving it as immutable", path)
    register_plugin()
    with tempfile.TemporaryDirectory(prefix="smf-archive-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(load_metadata(database_name(path))), encoding="utf-8")
        args = datasette_args(path, metadata_path=metadata_path, host=host, port=port, open_browser=open_browser,
                              immutable=immutable)
        log.info("datasette %s", " ".join(args))
        try:
            cli.main(args=args, prog_name="datasette", standalone_mode=False)
        except click.ClickException as exc:
            raise UsageError(f"datasette: {exc.format_message()}") from exc
