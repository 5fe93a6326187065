-- Who owns a rate table. NULL: the platform's (the admin's). Otherwise the account that sells on
-- it: a rate plan belongs to the agent whose sub-accounts buy on it. Vendor cost tables are the
-- platform's only (admin-only), so they never have an owner. Accounts live in the accounts
-- service: the id is not a foreign key here, it is checked through accounts when it is set.
ALTER TABLE rate_table ADD COLUMN owner_account_id uuid;
ALTER TABLE rate_table ADD CONSTRAINT rate_table_vendor_is_the_platforms
    CHECK (kind = 'CUSTOMER' OR owner_account_id IS NULL);
CREATE INDEX rate_table_owner_idx ON rate_table (owner_account_id, name);
