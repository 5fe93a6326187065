-- IVR templates (domain §2, issue #10): the reusable profile a callback service plays to the user
-- it calls back. owner_account_id NULL is the platform's; otherwise the agent account whose
-- subtree may see and change it (like gateways).
CREATE TABLE template (
    id                          uuid        PRIMARY KEY,
    owner_account_id            uuid,
    name                        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    dtmf_timeout_seconds        integer     NOT NULL CHECK (dtmf_timeout_seconds BETWEEN 1 AND 60),
    inter_digit_timeout_seconds integer     NOT NULL CHECK (inter_digit_timeout_seconds BETWEEN 1 AND 30),
    max_retries                 integer     NOT NULL CHECK (max_retries BETWEEN 0 AND 10),
    -- The key that ends the destination early; '' = none (the inter-digit timeout ends it).
    terminator                  text        NOT NULL CHECK (terminator IN ('', '#', '*')),
    destination_pattern         text        NOT NULL CHECK (length(destination_pattern) BETWEEN 1 AND 500),
    destination_min_length      integer     NOT NULL CHECK (destination_min_length BETWEEN 1 AND 32),
    destination_max_length      integer     NOT NULL CHECK (destination_max_length BETWEEN 1 AND 32),
    confirm_destination         boolean     NOT NULL,
    -- NULL: least cost routing chooses the destination gateway.
    default_gateway_id          uuid        REFERENCES gateway (id),
    version                     bigint      NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    CONSTRAINT template_destination_lengths CHECK (destination_min_length <= destination_max_length)
);

CREATE UNIQUE INDEX template_name_per_owner
    ON template (coalesce(owner_account_id, '00000000-0000-0000-0000-000000000000'::uuid), name);

CREATE INDEX template_default_gateway ON template (default_gateway_id) WHERE default_gateway_id IS NOT NULL;

-- The languages the template's prompts exist in, the first the one it starts in.
CREATE TABLE template_language (
    template_id uuid    NOT NULL REFERENCES template (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position >= 0),
    language    text    NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
    PRIMARY KEY (template_id, position),
    UNIQUE (template_id, language)
);

-- The prompt id played at each stage of the IVR (music_on_hold is optional).
CREATE TABLE template_prompt (
    template_id uuid NOT NULL REFERENCES template (id) ON DELETE CASCADE,
    stage       text NOT NULL CHECK (stage IN ('welcome', 'enter_pin', 'enter_destination', 'confirm', 'connecting',
                                               'invalid_destination', 'insufficient_balance', 'route_failed',
                                               'goodbye', 'music_on_hold')),
    prompt_id   text NOT NULL CHECK (prompt_id ~ '^[a-z0-9_]{1,64}$'),
    PRIMARY KEY (template_id, stage)
);

-- The destination's transformation rules, applied in position order; each was tested on save:
-- applied to example it gave expected.
CREATE TABLE template_rule (
    template_id uuid    NOT NULL REFERENCES template (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position >= 0),
    pattern     text    NOT NULL CHECK (length(pattern) BETWEEN 1 AND 500),
    replacement text    NOT NULL CHECK (length(replacement) <= 100),
    example     text    NOT NULL CHECK (example ~ '^[0-9*#]{1,32}$'),
    expected    text    NOT NULL CHECK (expected ~ '^[0-9]{1,32}$'),
    PRIMARY KEY (template_id, position)
);

-- A callback service's template must exist: the API checks it on every save (and that the
-- service's owner may use it); the foreign key keeps a template in use from being deleted.
-- NOT VALID: services written before templates existed (V3) name none and are not checked here;
-- the API refuses to save them again until they name a template.
ALTER TABLE callback_service
    ADD CONSTRAINT callback_service_template FOREIGN KEY (template_id) REFERENCES template (id) NOT VALID;

CREATE INDEX callback_service_template_id ON callback_service (template_id);
