-- 002: the cable grammar of issue 8.
-- "Classified By: Ambassador Antonio O. Garza" keeps the name in classified_by and the
-- title here. Rows written by the older grammar get it (and the name alone) from
-- `smf-archive reparse`, which re-reads every stored page with the new grammar.
ALTER TABLE cables ADD COLUMN classified_by_title TEXT;
