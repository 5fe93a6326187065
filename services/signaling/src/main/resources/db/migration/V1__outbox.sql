-- Transactional outbox: an event is written here in the same transaction as the state change
-- that raised it, and a relay publishes it to Kafka afterwards. Nothing is lost if the service
-- stops between the two; a row is marked published only once the broker acknowledged it.
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
