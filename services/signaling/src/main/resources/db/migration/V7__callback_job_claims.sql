-- Claims of callback jobs by the signaling instances (decision 0016): a job is RUNNING while one
-- instance holds it, until lease_until, renewed while its call runs. A job whose lease lapsed is
-- claimable again (its instance died); a closed job keeps who ran it last and its outcome.
ALTER TABLE callback_job
    ADD COLUMN claimed_by  text,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN claim_count integer NOT NULL DEFAULT 0,
    ADD COLUMN closed_at   timestamptz,
    ADD COLUMN outcome     text CHECK (outcome IN ('CONNECTED', 'CALLBACK_FAILED', 'NOT_CONNECTED', 'JOB_EXPIRED')),
    ADD CONSTRAINT callback_job_running_is_claimed
        CHECK (status <> 'RUNNING' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL));

-- The sweep of every instance: open jobs by the time they become due.
CREATE INDEX callback_job_open_by_not_before ON callback_job (not_before) WHERE status IN ('PENDING', 'RUNNING');
