-- Changes older than the retention are pruned; cursors below this version cannot be served any more.
ALTER TABLE change_clock ADD COLUMN pruned_up_to BIGINT NOT NULL DEFAULT 0;
