-- Callback jobs: one row per accepted trigger, written in the same transaction as its
-- CallbackRequested outbox event.
CREATE TABLE callback_job (
    session_id               uuid        PRIMARY KEY,
    caller_number            text        NOT NULL,
    did                      text        NOT NULL,
    callback_service_id      text        NOT NULL,
    template_id              text,
    language                 text        NOT NULL,
    account_id               text,
    ctd_mode                 text        NOT NULL CHECK (ctd_mode IN ('STANDARD', 'FLOW')),
    status                   text        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'EXPIRED')),
    requested_at             timestamptz NOT NULL,
    not_before               timestamptz NOT NULL,
    expires_at               timestamptz NOT NULL,
    trigger_call_id          text        NOT NULL
);

-- A caller has at most one open job: a second trigger (or a retransmission, on any replica) is an
-- INSERT ... ON CONFLICT DO NOTHING that creates nothing. A constraint, not a check-then-insert.
CREATE UNIQUE INDEX callback_job_one_open_per_caller ON callback_job (caller_number)
    WHERE status IN ('PENDING', 'RUNNING');

-- The open jobs of an account, counted against the service's concurrent-callback limit.
CREATE INDEX callback_job_open_by_account ON callback_job (account_id)
    WHERE status IN ('PENDING', 'RUNNING');

-- Published events are purged after the retention period; this finds them.
CREATE INDEX outbox_event_published_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL;
