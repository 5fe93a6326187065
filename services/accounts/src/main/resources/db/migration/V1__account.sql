-- The account tree: every account but a top-level one has a parent (its agent).
-- Category (ACCOUNT/AGENT) is derived from having children and is never stored.
CREATE TABLE account (
    id               uuid           PRIMARY KEY,
    parent_id        uuid           REFERENCES account (id),
    name             text           NOT NULL,
    status           text           NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
    billing_type     text           NOT NULL DEFAULT 'PREPAID' CHECK (billing_type IN ('PREPAID', 'POSTPAID')),
    currency         char(3)        NOT NULL,
    credit_limit     numeric(18, 6) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    rate_table_id    text,
    default_ctd_mode text           NOT NULL DEFAULT 'STANDARD' CHECK (default_ctd_mode IN ('STANDARD', 'FLOW')),
    created_at       timestamptz    NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX account_parent_idx ON account (parent_id);

-- The agent authorizations granted to an account (a subset of its parent's).
CREATE TABLE account_authorization (
    account_id    uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    authorization_name text NOT NULL,
    PRIMARY KEY (account_id, authorization_name)
);

-- Number section limitation: allow and deny prefixes per account.
CREATE TABLE number_limit (
    account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('ALLOW', 'DENY')),
    prefix     text NOT NULL CHECK (prefix ~ '^[0-9]{1,15}$'),
    PRIMARY KEY (account_id, kind, prefix)
);

-- Caller IDs (E.164 digits), unique platform-wide, with an optional PBKDF2 PIN hash.
CREATE TABLE phone (
    id                uuid        PRIMARY KEY,
    account_id        uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    number            text        NOT NULL UNIQUE CHECK (number ~ '^[1-9][0-9]{6,14}$'),
    pin_hash          text,
    pin_failures      integer     NOT NULL DEFAULT 0,
    pin_locked_until  timestamptz,
    created_at        timestamptz NOT NULL
);

CREATE INDEX phone_account_idx ON phone (account_id);

-- Agent API keys: only the SHA-256 of the (256-bit random) key is kept.
CREATE TABLE api_key (
    id         uuid        PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    key_hash   text        NOT NULL UNIQUE,
    key_prefix text        NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX api_key_account_idx ON api_key (account_id);

-- Fund reservations of a callback session: one row per chain level.
CREATE TABLE reservation (
    id              uuid        PRIMARY KEY,
    idempotency_key text        NOT NULL UNIQUE,
    session_id      text        NOT NULL,
    account_id      uuid        NOT NULL REFERENCES account (id),
    status          text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE INDEX reservation_open_expiry_idx ON reservation (expires_at) WHERE status = 'OPEN';

CREATE TABLE reservation_level (
    reservation_id uuid           NOT NULL REFERENCES reservation (id),
    level          integer        NOT NULL CHECK (level >= 0),
    account_id     uuid           NOT NULL REFERENCES account (id),
    amount         numeric(18, 6) NOT NULL CHECK (amount >= 0),
    remaining      numeric(18, 6) NOT NULL CHECK (remaining >= 0),
    PRIMARY KEY (reservation_id, level)
);

CREATE INDEX reservation_level_account_idx ON reservation_level (account_id) WHERE remaining > 0;

-- The ledger: every money change. The balance is the sum of amount over the entries that move
-- money (PAYMENT, REFUND, ADJUSTMENT, CALL_CHARGE); RESERVATION and RELEASE entries record holds
-- (amount = the held or released sum) and never count in the balance. Entries of an account are
-- numbered (seq) under the account's row lock, and each carries the running sum after it
-- (balance_after), so the balance is read from the last entry instead of summing the history.
CREATE TABLE ledger_entry (
    id              uuid           PRIMARY KEY,
    account_id      uuid           NOT NULL REFERENCES account (id),
    kind            text           NOT NULL CHECK (kind IN ('PAYMENT', 'REFUND', 'ADJUSTMENT', 'CALL_CHARGE',
                                                            'RESERVATION', 'RELEASE')),
    amount          numeric(18, 6) NOT NULL,
    idempotency_key text           NOT NULL,
    reservation_id  uuid           REFERENCES reservation (id),
    description     text,
    created_at      timestamptz    NOT NULL,
    seq             bigint         NOT NULL CHECK (seq > 0),
    balance_after   numeric(18, 6) NOT NULL,
    UNIQUE (account_id, kind, idempotency_key),
    UNIQUE (account_id, seq) INCLUDE (balance_after)
);

-- REST money operations by Idempotency-Key, per caller: a retry answers the first result.
CREATE TABLE idempotent_request (
    principal      text        NOT NULL,
    key            text        NOT NULL,
    request_hash   text        NOT NULL,
    ledger_entry_id uuid       NOT NULL REFERENCES ledger_entry (id),
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (principal, key)
);

-- CDR settlements, by idempotency key (the CDR id): a CDR is debited exactly once.
CREATE TABLE settlement (
    idempotency_key text        PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES account (id),
    reservation_id  uuid        REFERENCES reservation (id),
    created_at      timestamptz NOT NULL
);
