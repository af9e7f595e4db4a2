-- 003: one bad page never ends a night, and never replaces a good one.

-- Failures to parse or save a page's content, in a row: reset when the page is saved.
-- After a few the page is quarantined (frontier.state = 'quarantined'): skipped until
-- its topic's listing changes or a --full run.
ALTER TABLE frontier ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE frontier ADD COLUMN quarantined_at TEXT;
ALTER TABLE frontier ADD COLUMN quarantine_listing TEXT;

-- Responses that could not be used (unreadable, hostile, an SMF error page, a page
-- short of posts): kept apart, so `pages` always holds the last good body of a URL.
CREATE TABLE IF NOT EXISTS page_failures (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    forum_id INTEGER REFERENCES forums(id),
    run_id INTEGER REFERENCES runs(id),
    fetched_at TEXT,
    status INTEGER,
    content_type TEXT,
    encoding TEXT,
    kind TEXT NOT NULL,
    error TEXT,
    sha256 TEXT NOT NULL,
    body BLOB
);
CREATE UNIQUE INDEX IF NOT EXISTS page_failures_body ON page_failures(url, sha256);
