-- Gateways (issue #10): the SIP peers callback legs and destination legs are sent to. owner_account_id
-- NULL is the platform's; otherwise the agent account whose subtree may see and change it.
CREATE TABLE gateway (
    id               uuid        PRIMARY KEY,
    owner_account_id uuid,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    host             text        NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
    port             integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    transport        text        NOT NULL CHECK (transport IN ('UDP', 'TCP')),
    role             text        NOT NULL CHECK (role IN ('CALLBACK', 'DESTINATION', 'BOTH')),
    strip_prefix     text        NOT NULL CHECK (strip_prefix ~ '^[0-9]*$'),
    add_prefix       text        NOT NULL CHECK (add_prefix ~ '^[0-9]*$'),
    number_format    text        NOT NULL CHECK (number_format IN ('E164_PLUS', 'E164', 'NATIONAL')),
    capacity         integer     NOT NULL CHECK (capacity >= 0),
    calls_per_second integer     NOT NULL CHECK (calls_per_second >= 0),
    priority         integer     NOT NULL CHECK (priority BETWEEN 0 AND 1000),
    enabled          boolean     NOT NULL,
    version          bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- A name is unique among one owner's gateways (the platform counts as one owner).
CREATE UNIQUE INDEX gateway_name_per_owner
    ON gateway (coalesce(owner_account_id, '00000000-0000-0000-0000-000000000000'::uuid), name);
