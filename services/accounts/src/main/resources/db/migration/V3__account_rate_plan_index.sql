-- RatePlanUsage (rating asks before it deletes a table) counts the accounts buying on a table.
CREATE INDEX account_rate_table_idx ON account (rate_table_id) WHERE rate_table_id IS NOT NULL;
