-- Rate tables: a customer price list (a rate plan accounts buy on, or a callback service's flow
-- table) or a vendor cost list (a gateway's). Both rate the same way. An import replaces all rows
-- of a table in one transaction and bumps its version; every replica reloads a table whose
-- version differs from the deck it holds in memory.
CREATE TABLE rate_table (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    kind        text        NOT NULL CHECK (kind IN ('CUSTOMER', 'VENDOR')),
    currency    char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    version     bigint      NOT NULL DEFAULT 1,
    row_count   integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE rate (
    rate_table_id    uuid           NOT NULL REFERENCES rate_table (id) ON DELETE CASCADE,
    prefix           text           NOT NULL CHECK (prefix ~ '^[0-9]{1,15}$'),
    description      text           NOT NULL DEFAULT '',
    price_per_minute numeric(18, 6) NOT NULL CHECK (price_per_minute >= 0),
    connect_fee      numeric(18, 6) NOT NULL DEFAULT 0 CHECK (connect_fee >= 0),
    first_increment  integer        NOT NULL CHECK (first_increment > 0),
    next_increment   integer        NOT NULL CHECK (next_increment > 0),
    minimum_charge   numeric(18, 6) CHECK (minimum_charge >= 0),
    valid_from       timestamptz,
    valid_to         timestamptz,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to)
);

CREATE INDEX rate_table_prefix_idx ON rate (rate_table_id, prefix);
