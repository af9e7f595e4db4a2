-- 006: nightly runs that cost what changed (issue 9, Musts 6-8).
-- A board's counts as the board index (or its parent's child-board list) last showed them:
-- a board whose three are unchanged is not read at all.
ALTER TABLE boards ADD COLUMN posts INTEGER;
ALTER TABLE boards ADD COLUMN topics INTEGER;
ALTER TABLE boards ADD COLUMN last_msg_id INTEGER;
-- 1 while the current walk reads every page of the board's message index (counts went
-- down, a listed topic vanished, the board is new, --full); 0: from page 1 down to the
-- first page with no changed topic.
ALTER TABLE boards ADD COLUMN read_whole INTEGER NOT NULL DEFAULT 0;
-- Sticky topics are pinned on top of the first page, out of last-post order.
ALTER TABLE topics ADD COLUMN sticky INTEGER;
-- The run that last read the page (the refresh policy re-reads the least recently verified).
ALTER TABLE pages ADD COLUMN verified_run_id INTEGER;
CREATE INDEX IF NOT EXISTS pages_verified ON pages(forum_id, kind, verified_run_id);
CREATE INDEX IF NOT EXISTS topics_board_last ON topics(forum_id, board_id, last_msg_id);
