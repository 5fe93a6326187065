-- Rating of assembled sessions. A session is due for rating from its assembly (rating_due_at);
-- a CDR that cannot be rated stays UNRATED with the reason and its session is due again later
-- (rating_attempts, doubling waits); rated, its session is no longer due. Nothing is dropped.
ALTER TABLE call_session
    ADD COLUMN rating_due_at   timestamptz,
    ADD COLUMN rating_attempts integer NOT NULL DEFAULT 0;

CREATE INDEX call_session_rating_due_idx ON call_session (rating_due_at) WHERE rating_due_at IS NOT NULL;

-- Sessions assembled before rating existed are rated too.
UPDATE call_session SET rating_due_at = assembled_at WHERE status = 'ASSEMBLED';

ALTER TABLE cdr
    ADD COLUMN rating_status  text NOT NULL DEFAULT 'PENDING'
        CHECK (rating_status IN ('PENDING', 'UNRATED', 'RATED')),
    ADD COLUMN unrated_reason text NOT NULL DEFAULT '',
    ADD COLUMN unrated_detail text NOT NULL DEFAULT '';

CREATE INDEX cdr_unrated_idx ON cdr (session_id) WHERE rating_status <> 'RATED';

-- One rated CDR per leg CDR: the figures for search and reports, and the RatedCdr exactly as it
-- was written to the outbox for cdr.rated.
CREATE TABLE rated_cdr (
    cdr_id           uuid          PRIMARY KEY REFERENCES cdr (cdr_id),
    event_id         uuid          NOT NULL UNIQUE,
    session_id       text          NOT NULL,
    leg_id           text          NOT NULL,
    account_id       text          NOT NULL,
    role             text          NOT NULL,
    gateway_id       text          NOT NULL,
    ended_at         timestamptz   NOT NULL,
    billed           boolean       NOT NULL,
    rated_reason     text          NOT NULL,
    billable_seconds integer       NOT NULL CHECK (billable_seconds >= 0),
    customer_charge  numeric(18,6) NOT NULL CHECK (customer_charge >= 0),
    vendor_cost      numeric(18,6) NOT NULL CHECK (vendor_cost >= 0),
    currency         text          NOT NULL,
    prefix           text          NOT NULL,
    rated_at         timestamptz   NOT NULL,
    payload          bytea         NOT NULL
);

CREATE INDEX rated_cdr_account_idx ON rated_cdr (account_id, ended_at);

-- The charge of every level of the chain on each rated CDR (level 0 = the account itself).
CREATE TABLE rated_cdr_charge (
    cdr_id           uuid          NOT NULL REFERENCES rated_cdr (cdr_id),
    level            integer       NOT NULL CHECK (level >= 0),
    account_id       text          NOT NULL,
    rate_table_id    text          NOT NULL,
    prefix           text          NOT NULL,
    billable_seconds integer       NOT NULL,
    charge           numeric(18,6) NOT NULL CHECK (charge >= 0),
    currency         text          NOT NULL,
    PRIMARY KEY (cdr_id, level)
);

CREATE INDEX rated_cdr_charge_account_idx ON rated_cdr_charge (account_id);
