-- Leg events as received from call.legs, one row per event id: a redelivered or duplicated
-- record finds its row already there and changes nothing. CDRs are assembled from these rows.
CREATE TABLE leg_event (
    event_id     uuid        PRIMARY KEY,
    session_id   text        NOT NULL,
    leg_id       text        NOT NULL,
    state        text        NOT NULL,
    sequence     bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL,
    payload      bytea       NOT NULL,
    received_at  timestamptz NOT NULL
);

CREATE INDEX leg_event_session_idx ON leg_event (session_id, leg_id, sequence);
