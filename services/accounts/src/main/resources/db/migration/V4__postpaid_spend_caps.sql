-- Postpaid spend caps (issue #13), in the account's currency; NULL = no cap. A prepaid account has
-- none (its balance and credit limit are its limit): the service refuses them, the CHECK too.
ALTER TABLE account ADD COLUMN per_call_limit numeric(18, 6) CHECK (per_call_limit > 0);
ALTER TABLE account ADD COLUMN daily_limit numeric(18, 6) CHECK (daily_limit > 0);
ALTER TABLE account ADD CONSTRAINT account_caps_postpaid_only
    CHECK (billing_type = 'POSTPAID' OR (per_call_limit IS NULL AND daily_limit IS NULL));

-- A daily cap sums the call charges of the account since the start of the day.
CREATE INDEX ledger_entry_call_charge_day_idx ON ledger_entry (account_id, created_at) WHERE kind = 'CALL_CHARGE';
