-- Re-rating (issue #12): a correction is a new rated record of a leg that references the one it
-- replaces (corrects_cdr_id), never an edit of it. rated_cdr.cdr_id is the record's own id (the
-- leg's CDR id for the original, a new id for each correction); leg_cdr_id is the leg's CDR. The
-- record a correction replaces is marked superseded_by it (before the correction is inserted, so
-- no foreign key), and exactly one record per leg is current.
ALTER TABLE rated_cdr DROP CONSTRAINT rated_cdr_cdr_id_fkey;
ALTER TABLE rated_cdr
    ADD COLUMN leg_cdr_id      uuid REFERENCES cdr (cdr_id),
    ADD COLUMN corrects_cdr_id uuid REFERENCES rated_cdr (cdr_id),
    ADD COLUMN superseded_by   uuid;
UPDATE rated_cdr SET leg_cdr_id = cdr_id;
ALTER TABLE rated_cdr ALTER COLUMN leg_cdr_id SET NOT NULL;
CREATE UNIQUE INDEX rated_cdr_current_idx ON rated_cdr (leg_cdr_id) WHERE superseded_by IS NULL;
