-- Prompt audio, stored in the database so that every media replica plays the same uploads
-- (a pod's file system is not durable). Only G.711 8 kHz mono is accepted.
CREATE TABLE prompt (
    language     text        NOT NULL CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    name         text        NOT NULL CHECK (name ~ '^[a-z0-9_]+$'),
    encoding     text        NOT NULL CHECK (encoding IN ('PCMU', 'PCMA')),
    sample_rate  integer     NOT NULL CHECK (sample_rate = 8000),
    channels     smallint    NOT NULL CHECK (channels = 1),
    audio        bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (language, name)
);
