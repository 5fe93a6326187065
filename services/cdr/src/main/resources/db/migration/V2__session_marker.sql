-- SessionEnded markers as received from call.legs, one row per event id (a redelivery changes
-- nothing). With the leg events of its session, a marker tells the assembly the session is over.
CREATE TABLE session_marker (
    event_id          uuid        PRIMARY KEY,
    session_id        text        NOT NULL,
    session_sequence  bigint      NOT NULL,
    occurred_at       timestamptz NOT NULL,
    payload           bytea       NOT NULL,
    received_at       timestamptz NOT NULL
);

CREATE INDEX session_marker_session_idx ON session_marker (session_id);
