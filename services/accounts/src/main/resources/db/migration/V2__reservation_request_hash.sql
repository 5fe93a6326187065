-- A reservation remembers the request that made it: a retry under the same key with another
-- body (session, account, amounts, TTL) is refused instead of answered with the first result.
-- NULL for reservations made before this column existed (their retries are not compared).
ALTER TABLE reservation ADD COLUMN request_hash text;
