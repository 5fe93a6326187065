-- The account tree: every account but a top-level one has a parent (its agent).
-- Category (ACCOUNT/AGENT) is derived from having children and is never stored.
CREATE TABLE account (
    id             uuid        PRIMARY KEY,
    parent_id      uuid        REFERENCES account (id),
    name           text        NOT NULL,
    status         text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
    billing_type   text        NOT NULL DEFAULT 'PREPAID' CHECK (billing_type IN ('PREPAID', 'POSTPAID')),
    currency       char(3)     NOT NULL,
    credit_limit   numeric(18, 6) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    created_at     timestamptz NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX account_parent_idx ON account (parent_id);
