-- Gateways (issue #10): digest credentials for a trunk that challenges our INVITEs, and the vendor
-- cost rate table rating prices its legs on. The password is sealed (AES-256-GCM under
-- ringback.signaling.gateway-credentials.key, decision 0011): version byte, nonce, ciphertext and
-- tag; never returned by the API.
ALTER TABLE gateway
    ADD COLUMN digest_username      text  CHECK (length(digest_username) BETWEEN 1 AND 128),
    ADD COLUMN digest_password      bytea CHECK (length(digest_password) > 13),
    ADD COLUMN vendor_rate_table_id uuid,
    ADD CONSTRAINT gateway_digest_pair CHECK ((digest_username IS NULL) = (digest_password IS NULL));
