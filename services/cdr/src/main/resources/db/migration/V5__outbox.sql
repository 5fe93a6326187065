-- Transactional outbox (decision 0013): a rated CDR is written here in the same transaction as
-- its rated_cdr row, and the shared relay publishes it on cdr.rated afterwards. A crash between
-- the two loses nothing; a row is marked published only once the broker acknowledged it.
CREATE TABLE outbox_event (
    position      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    event_key     text        NOT NULL,
    event_type    text        NOT NULL,
    payload       bytea       NOT NULL,
    occurred_at   timestamptz NOT NULL,
    published_at  timestamptz
);

CREATE INDEX outbox_event_unpublished_idx ON outbox_event (position) WHERE published_at IS NULL;
