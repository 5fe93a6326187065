-- Callback sessions as the assembly sees them: OPEN until complete, then ASSEMBLED with the
-- session record that links its leg CDRs. The row is locked while a session is assembled, so two
-- events of one session never assemble it twice.
CREATE TABLE call_session (
    session_id          text        PRIMARY KEY,
    status              text        NOT NULL CHECK (status IN ('OPEN', 'ASSEMBLED')),
    recheck_at          timestamptz,
    account_id          text,
    phone_card_id       text,
    callback_service_id text,
    ctd_mode            text,
    flow_rate_table_id  text,
    did                 text,
    leg_ids             text[],
    missing_leg_ids     text[],
    outcome             text,
    hangup_by           text,
    platform_reason     text,
    reservation_ids     text[],
    completion          text,
    started_at          timestamptz,
    ended_at            timestamptz,
    assembled_at        timestamptz
);

CREATE INDEX call_session_recheck_idx ON call_session (recheck_at) WHERE status = 'OPEN';

-- One CDR per leg, as assembled from its leg events (before rating).
CREATE TABLE cdr (
    cdr_id             uuid        PRIMARY KEY,
    session_id         text        NOT NULL REFERENCES call_session (session_id),
    leg_id             text        NOT NULL UNIQUE,
    role               text,
    attempt            integer     NOT NULL,
    route_index        integer     NOT NULL,
    caller_number      text        NOT NULL,
    called_number      text        NOT NULL,
    dialed_number      text        NOT NULL,
    sent_number        text        NOT NULL,
    gateway_id         text        NOT NULL,
    cost_rate_table_id text        NOT NULL,
    sip_call_id        text        NOT NULL,
    originated_at      timestamptz NOT NULL,
    ringing_at         timestamptz,
    answered_at        timestamptz,
    ended_at           timestamptz NOT NULL,
    duration_ms        bigint      NOT NULL CHECK (duration_ms >= 0),
    answered           boolean     NOT NULL,
    final_state        text        NOT NULL CHECK (final_state IN ('ENDED', 'FAILED')),
    sip_code           integer     NOT NULL,
    q850_cause         integer     NOT NULL,
    hangup_by          text        NOT NULL,
    platform_reason    text        NOT NULL,
    digits             text        NOT NULL,
    max_duration_ms    bigint      NOT NULL,
    reservation_id     text        NOT NULL,
    instance_id        text        NOT NULL,
    closure            text        NOT NULL CHECK (closure IN ('REPORTED', 'CLOSED_UNTERMINATED', 'CLOSED_UNANSWERED')),
    problem            text        NOT NULL,
    assembled_at       timestamptz NOT NULL
);

CREATE INDEX cdr_session_idx ON cdr (session_id);
