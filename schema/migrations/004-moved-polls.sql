-- 004: moved/merged topics and polls (issue 9, Must 5).
-- A topic that is only a pointer: a "MOVED:" notice left in the old board ('notice',
-- its one post kept but not counted as discussion), or a 2.1 redirect topic that
-- answers HTTP 301 to the real topic ('redirect', nothing of it is served).
ALTER TABLE topics ADD COLUMN moved_to_topic_id INTEGER;
ALTER TABLE topics ADD COLUMN moved_kind TEXT;
CREATE INDEX topics_moved_to ON topics (forum_id, moved_to_topic_id);

CREATE TABLE polls (
    forum_id INTEGER NOT NULL,
    topic_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    voters INTEGER,
    closed INTEGER NOT NULL DEFAULT 0,
    expires_at TEXT,
    expires_at_raw TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (forum_id, topic_id),
    FOREIGN KEY (forum_id, topic_id) REFERENCES topics (forum_id, topic_id)
);

CREATE TABLE poll_options (
    forum_id INTEGER NOT NULL,
    topic_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    votes INTEGER,
    PRIMARY KEY (forum_id, topic_id, seq),
    FOREIGN KEY (forum_id, topic_id) REFERENCES polls (forum_id, topic_id)
);
