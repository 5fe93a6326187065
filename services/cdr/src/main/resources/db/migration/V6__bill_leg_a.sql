-- The callback service's choice to bill leg A even when no leg B was answered (domain §3), as
-- the session's leg events report it (LegEvent.bill_leg_a_when_leg_b_failed); sent to rating's
-- RateLegs. Sessions assembled before it was recorded keep the old behaviour (false).
ALTER TABLE call_session ADD COLUMN bill_leg_a_when_leg_b_failed boolean NOT NULL DEFAULT false;
