-- Low-balance notices (issue #13). Each account, a phone card's account included, may set a
-- threshold; a ledger entry that takes its balance from at or above the threshold to below it
-- writes one LowBalance event to the outbox in the same transaction (docs/events.md).
ALTER TABLE account ADD COLUMN low_balance_threshold numeric(18, 6);

-- Transactional outbox (the shared relay of services/service-support, decision 0013): an event is
-- written here in the same transaction as the ledger entry that raised it, and published to Kafka
-- afterwards; a row is marked published only once the broker acknowledged it.
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
CREATE INDEX outbox_event_published_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL;
