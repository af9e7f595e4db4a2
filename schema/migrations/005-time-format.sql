-- Version 5: the forum's time format, and the server's clock kept with each page.
-- forums.time_format: the strftime `time_format` the forum prints dates in (learned or given).
ALTER TABLE forums ADD COLUMN time_format TEXT;
-- pages.server_date: the server's `Date` header for the page (UTC): "Today at" is read against it.
ALTER TABLE pages ADD COLUMN server_date TEXT;
