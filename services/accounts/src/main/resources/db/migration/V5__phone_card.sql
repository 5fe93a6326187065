-- Phone cards (issue #13). A card is billed like an account: it has an account row of its own
-- (kind CARD, parent = the owner that sells it, currency and rate plan), so its balance is its
-- ledger and its reseller chain is its owner's. Card rows never count as sub-accounts.
ALTER TABLE account ADD COLUMN kind text NOT NULL DEFAULT 'ACCOUNT' CHECK (kind IN ('ACCOUNT', 'CARD'));
ALTER TABLE account ADD CONSTRAINT account_card_has_parent CHECK (kind = 'ACCOUNT' OR parent_id IS NOT NULL);
CREATE INDEX account_parent_kind_idx ON account (parent_id, kind);

-- A batch of cards generated together: who asked for it (under its Idempotency-Key), with what face value.
CREATE TABLE phone_card_batch (
    id              uuid           PRIMARY KEY,
    owner_id        uuid           NOT NULL REFERENCES account (id),
    cards           integer        NOT NULL CHECK (cards > 0),
    face_value      numeric(18, 6) NOT NULL CHECK (face_value > 0),
    principal       text           NOT NULL,
    idempotency_key text           NOT NULL,
    request_hash    text           NOT NULL,
    created_at      timestamptz    NOT NULL,
    UNIQUE (principal, idempotency_key)
);

-- The card itself: number (digits with a Luhn check digit, unique platform-wide), the PBKDF2 hash
-- of its PIN (the PIN is shown once, in the batch's answer), blocking, expiry and PIN lockout.
CREATE TABLE phone_card (
    account_id       uuid        PRIMARY KEY REFERENCES account (id),
    number           text        NOT NULL UNIQUE CHECK (number ~ '^[1-9][0-9]{15}$'),
    pin_hash         text        NOT NULL,
    batch_id         uuid        NOT NULL REFERENCES phone_card_batch (id),
    blocked          boolean     NOT NULL DEFAULT false,
    expires_at       timestamptz,
    valid_days       integer     CHECK (valid_days > 0),
    first_used_at    timestamptz,
    pin_failures     integer     NOT NULL DEFAULT 0,
    pin_locked_until timestamptz,
    created_at       timestamptz NOT NULL,
    CHECK (expires_at IS NULL OR valid_days IS NULL)
);

CREATE INDEX phone_card_batch_idx ON phone_card (batch_id);

-- The caller numbers that have used a card (E.164 digits), and whether the card remembers the
-- number for PIN-less logins.
CREATE TABLE phone_card_caller (
    card_id       uuid        NOT NULL REFERENCES phone_card (account_id),
    number        text        NOT NULL CHECK (number ~ '^[1-9][0-9]{6,14}$'),
    first_used_at timestamptz NOT NULL,
    pinless       boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (card_id, number)
);
