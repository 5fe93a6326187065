-- Settlements are unique per leg as well as per CDR id (issue #12): the first CDR settled for a
-- leg claims it here, and another CDR for the same leg is refused (a second CDR for a leg can
-- only be a correction, which references the original). Written by the cdr.rated consumer
-- before the settlement; a claim whose settlement is refused is removed again.
CREATE TABLE settled_leg (
    leg_id      text        PRIMARY KEY,
    cdr_id      text        NOT NULL UNIQUE,
    session_id  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
