-- Callback services and DIDs (domain §2), managed through REST by the platform admin or an agent.
-- owner_account_id NULL is the platform's; otherwise the agent account (in accounts) whose
-- subtree may see and change it. A DID has no owner of its own: it is its service's.

CREATE TABLE callback_service (
    id                       uuid          PRIMARY KEY,
    owner_account_id         uuid,
    name                     text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    template_id              uuid          NOT NULL,
    language                 text          NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
    ctd_mode                 text          CHECK (ctd_mode IN ('STANDARD', 'FLOW')),
    flow_rate_table_id       uuid,
    caller_policy            text          NOT NULL CHECK (caller_policy IN ('REGISTERED_ONLY', 'PIN_ALLOWED')),
    minimum_balance          numeric(18,6) NOT NULL CHECK (minimum_balance >= 0),
    callback_delay_seconds   integer       NOT NULL CHECK (callback_delay_seconds BETWEEN 0 AND 300),
    attempts                 integer       NOT NULL CHECK (attempts BETWEEN 1 AND 10),
    retry_interval_seconds   integer       NOT NULL CHECK (retry_interval_seconds BETWEEN 0 AND 3600),
    ring_timeout_seconds     integer       NOT NULL CHECK (ring_timeout_seconds BETWEEN 5 AND 180),
    max_concurrent_callbacks integer       NOT NULL CHECK (max_concurrent_callbacks >= 0),
    reject_code              integer       NOT NULL CHECK (reject_code IN (480, 486, 603)),
    unauthorized_code        integer       NOT NULL CHECK (unauthorized_code IN (403, 603)),
    redial_allowed           boolean       NOT NULL,
    enabled                  boolean       NOT NULL,
    version                  bigint        NOT NULL,
    created_at               timestamptz   NOT NULL,
    updated_at               timestamptz   NOT NULL,
    -- Flow mode bills on the flow rate table: a FLOW service without one could not be rated.
    CONSTRAINT callback_service_flow_needs_table CHECK (ctd_mode IS DISTINCT FROM 'FLOW' OR flow_rate_table_id IS NOT NULL)
);

-- A name is unique among one owner's services (the platform counts as one owner).
CREATE UNIQUE INDEX callback_service_name_per_owner
    ON callback_service (coalesce(owner_account_id, '00000000-0000-0000-0000-000000000000'::uuid), name);

CREATE TABLE did (
    id                        uuid        PRIMARY KEY,
    -- E.164 digits without '+': unique platform-wide, it is what the trigger's Request-URI names.
    number                    text        NOT NULL UNIQUE CHECK (number ~ '^[1-9][0-9]{6,14}$'),
    callback_service_id       uuid        NOT NULL REFERENCES callback_service (id),
    -- Canonical IP addresses and CIDR ranges of the provider, as AddressRange prints them.
    trusted_sources           text[]      NOT NULL,
    asserted_identity_trusted boolean     NOT NULL,
    country_code              text        NOT NULL CHECK (country_code ~ '^([1-9][0-9]{0,2})?$'),
    national_prefix           text        NOT NULL CHECK (national_prefix ~ '^[0-9]*$'),
    international_prefix      text        NOT NULL CHECK (international_prefix ~ '^[0-9]*$'),
    national_number_length    integer     NOT NULL CHECK (national_number_length BETWEEN 0 AND 15),
    enabled                   boolean     NOT NULL,
    version                   bigint      NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);

CREATE INDEX did_by_service ON did (callback_service_id);

-- One row counting every change to the callback configuration, bumped in the transaction of the
-- change: each replica polls it and reloads its in-memory directory when it moved, so a change
-- reaches every replica within the refresh interval without a restart.
CREATE TABLE config_revision (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    revision bigint  NOT NULL
);
INSERT INTO config_revision (id, revision) VALUES (true, 0);
