-- Prompts belong to the platform (owner_account_id NULL: managed by the admin, heard by every
-- account) or to one agent account (its own set, used by its templates; it overrides the
-- platform prompt of the same id for that account only). Issue #9.
ALTER TABLE prompt ADD COLUMN owner_account_id uuid;
ALTER TABLE prompt DROP CONSTRAINT prompt_pkey;
-- NULLS NOT DISTINCT (PostgreSQL 15+): one platform prompt per id, one per id per account.
ALTER TABLE prompt ADD CONSTRAINT prompt_owner_language_name_key
    UNIQUE NULLS NOT DISTINCT (owner_account_id, language, name);
