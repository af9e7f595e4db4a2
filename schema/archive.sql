-- smf-archive: the archive's schema, version 1.
--
-- The one source of the DDL: scraper/archive.py applies it to a new archive
-- and records the version in schema_version. Later versions add numbered
-- migrations in archive.py; never edit a released version in place.
--
-- Conventions: plural snake_case tables; the forum's own ids (board_id,
-- topic_id, msg_id, member_id) scoped by forum_id; *_at columns are ISO 8601
-- UTC text ("2011-02-13T00:58:41Z"); *_raw columns keep the text the forum
-- printed. Rows are never deleted by a crawl: a post that vanished gets
-- posts.deleted_seen_at, an edit adds a row to post_versions.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL
);

-- One row per forum archived (an archive may hold several).
CREATE TABLE IF NOT EXISTS forums (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,          -- canonical board index URL
    title TEXT,
    smf_version TEXT,                  -- "2.0" or "2.1", detected from the pages
    timezone TEXT,                     -- IANA name the forum prints times in
    first_crawled_at TEXT,
    last_crawled_at TEXT
);

CREATE TABLE IF NOT EXISTS boards (
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    board_id INTEGER NOT NULL,
    name TEXT,
    parent_board_id INTEGER,
    category_id INTEGER,
    category TEXT,
    description TEXT,
    url TEXT,
    access TEXT NOT NULL DEFAULT 'public', -- 'public' or the forum error kind seen as guest
    PRIMARY KEY (forum_id, board_id)
);

CREATE TABLE IF NOT EXISTS topics (
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    topic_id INTEGER NOT NULL,
    board_id INTEGER,
    subject TEXT,
    views INTEGER,
    replies INTEGER,
    starter_name TEXT,
    starter_member_id INTEGER,
    last_msg_id INTEGER,               -- as listed on the message index
    last_post_at TEXT,
    posts_per_page INTEGER,            -- from the topic's own page links
    url TEXT,
    access TEXT NOT NULL DEFAULT 'public', -- 'public' or the forum error kind
    first_seen_at TEXT,
    last_crawled_at TEXT,              -- last time its pages were fetched
    PRIMARY KEY (forum_id, topic_id),
    FOREIGN KEY (forum_id, board_id) REFERENCES boards(forum_id, board_id)
);

CREATE TABLE IF NOT EXISTS members (
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    member_id INTEGER NOT NULL,
    name TEXT,
    post_group TEXT,
    post_count INTEGER,
    personal_text TEXT,
    PRIMARY KEY (forum_id, member_id)
);

CREATE TABLE IF NOT EXISTS posts (
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    msg_id INTEGER NOT NULL,
    topic_id INTEGER NOT NULL,
    position INTEGER,                  -- 0-based "Reply #N"
    subject TEXT,
    member_id INTEGER,                 -- NULL for a guest
    author_name TEXT,
    posted_at TEXT,
    posted_at_raw TEXT,
    edited_at TEXT,
    edited_at_raw TEXT,
    edited_by TEXT,
    body_html TEXT,                    -- as served: never render it unsanitised
    body_text TEXT,                    -- the post's own text, quotes removed
    signature TEXT,
    commentary TEXT,                   -- the user's own words: body_text minus cables
    first_seen_at TEXT,
    deleted_seen_at TEXT,              -- set when a re-fetched page no longer has it
    PRIMARY KEY (forum_id, msg_id),
    FOREIGN KEY (forum_id, topic_id) REFERENCES topics(forum_id, topic_id),
    FOREIGN KEY (forum_id, member_id) REFERENCES members(forum_id, member_id)
);
CREATE INDEX IF NOT EXISTS posts_topic ON posts(forum_id, topic_id, position);
CREATE INDEX IF NOT EXISTS posts_member ON posts(forum_id, member_id);
CREATE INDEX IF NOT EXISTS posts_posted_at ON posts(posted_at);

-- Every version of a post ever seen; posts shows the newest.
CREATE TABLE IF NOT EXISTS post_versions (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    seen_at TEXT NOT NULL,
    edited_at TEXT,
    edited_by TEXT,
    subject TEXT,
    body_html TEXT,
    body_text TEXT,
    PRIMARY KEY (forum_id, msg_id, seen_at),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);

CREATE TABLE IF NOT EXISTS quotes (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,           -- the quoting post
    seq INTEGER NOT NULL,              -- order within the post
    quoted_msg_id INTEGER,             -- from the quote header link
    quoted_topic_id INTEGER,
    quoted_author TEXT,
    quoted_at TEXT,
    quoted_at_raw TEXT,
    depth INTEGER NOT NULL DEFAULT 1,  -- 2 = a quote inside a quote
    text TEXT,
    PRIMARY KEY (forum_id, msg_id, seq),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);
CREATE INDEX IF NOT EXISTS quotes_quoted ON quotes(forum_id, quoted_msg_id);

CREATE TABLE IF NOT EXISTS links (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    href TEXT NOT NULL,
    label TEXT,
    PRIMARY KEY (forum_id, msg_id, seq),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);

CREATE TABLE IF NOT EXISTS attachments (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    url TEXT NOT NULL,
    name TEXT,
    size_text TEXT,
    PRIMARY KEY (forum_id, msg_id, seq),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);

-- Every cable ID the archive has seen, pasted or only linked/mentioned.
-- Metadata columns come from the best copy (full > partial extract > excerpt).
CREATE TABLE IF NOT EXISTS cables (
    id TEXT PRIMARY KEY,               -- canonical reference ID, e.g. 08MEXICO23
    internal_id INTEGER,               -- WikiLeaks' running number
    created_at TEXT,
    origin TEXT,
    classification TEXT,
    subject TEXT,
    tags TEXT,                         -- space-separated
    signer TEXT,
    classified_by TEXT,
    declassify_on TEXT,
    transmission_id TEXT,
    dtg TEXT,
    completeness TEXT,                 -- full / partial_extract / excerpt; NULL if never pasted
    first_seen_msg_id INTEGER,
    text TEXT,                         -- normalised text of the best copy
    url TEXT                           -- the WikiLeaks viewer URL
);

-- Every pasted or quoted copy of a cable, with its offsets in the post text
-- (or, when quoted, in the quote's text).
CREATE TABLE IF NOT EXISTS cable_copies (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    cable_id TEXT REFERENCES cables(id), -- NULL when no ID could be established
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    completeness TEXT,
    quote_seq INTEGER,                 -- NULL: in the post's own text
    quoted_msg_id INTEGER,
    id_evidence TEXT,
    id_missing_reason TEXT,
    text TEXT,
    PRIMARY KEY (forum_id, msg_id, seq),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);
CREATE INDEX IF NOT EXISTS cable_copies_cable ON cable_copies(cable_id);
-- Excerpts identified by a hint are re-checked when a copy of their cable lands.
CREATE INDEX IF NOT EXISTS cable_copies_evidence ON cable_copies(forum_id, id_evidence);

-- One row per (post, cable): the strongest relation only.
CREATE TABLE IF NOT EXISTS post_cables (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    cable_id TEXT NOT NULL REFERENCES cables(id),
    relation TEXT NOT NULL,            -- pasted / quoted / linked / mentioned
    evidence TEXT,
    PRIMARY KEY (forum_id, msg_id, cable_id),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);
CREATE INDEX IF NOT EXISTS post_cables_cable ON post_cables(cable_id, relation);

CREATE TABLE IF NOT EXISTS cable_references (
    cable_id TEXT NOT NULL REFERENCES cables(id),
    ref_id TEXT NOT NULL,
    PRIMARY KEY (cable_id, ref_id)
);
CREATE INDEX IF NOT EXISTS cable_references_ref ON cable_references(ref_id);

CREATE TABLE IF NOT EXISTS post_segments (
    forum_id INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,                -- commentary / cable
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote_seq INTEGER,                 -- NULL: offsets into posts.body_text
    PRIMARY KEY (forum_id, msg_id, seq),
    FOREIGN KEY (forum_id, msg_id) REFERENCES posts(forum_id, msg_id)
);

-- Raw pages as fetched, so `reparse` can rebuild everything with no network.
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,              -- canonical URL
    forum_id INTEGER REFERENCES forums(id),
    final_url TEXT,
    status INTEGER,
    content_type TEXT,
    encoding TEXT,
    kind TEXT,                         -- board_index / message_index / topic / forum_error
    fetched_at TEXT,
    sha256 TEXT,                       -- of the raw body
    body BLOB,                         -- raw body, zlib-compressed
    error TEXT                         -- parse or forum error seen on this page
);

CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    start_url TEXT,
    mode TEXT,                         -- crawl / full / reparse
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    new_posts INTEGER NOT NULL DEFAULT 0,
    edited_posts INTEGER NOT NULL DEFAULT 0,
    deleted_posts INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running', -- running / ok / partial / failed / interrupted / killed
    summary TEXT
);

-- Every failure of a run, one row each: what, where, and whether it was retried.
CREATE TABLE IF NOT EXISTS run_errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    url TEXT,
    kind TEXT NOT NULL,                -- fetch / forum_error / layout / robots
    status INTEGER,
    message TEXT,
    at TEXT NOT NULL
);

-- The crawl frontier: survives a killed run, so the next one resumes.
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,              -- canonical URL
    forum_id INTEGER NOT NULL,
    kind TEXT NOT NULL,                -- board_index / message_index / topic
    seq INTEGER NOT NULL,              -- discovery order
    state TEXT NOT NULL DEFAULT 'pending', -- pending / done / failed
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    run_id INTEGER,
    first_msg_id INTEGER,              -- a topic page fetched in this walk: its first and last
    last_msg_id INTEGER                -- msg id (deletion marks across page boundaries)
);
CREATE INDEX IF NOT EXISTS frontier_pending ON frontier(forum_id, state, seq);
-- New entries take max(seq) + 1: keep that a lookup, not a scan of a large frontier.
CREATE INDEX IF NOT EXISTS frontier_seq ON frontier(seq);
