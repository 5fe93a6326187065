package io.ringback.accounts.domain;

import io.ringback.common.Failure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The optional spend caps of a postpaid account, in its currency: the most one call may be quoted
 * and reserved ({@code perCall}), and the most its calls may be charged in one day ({@code daily},
 * the day's call charges plus what open reservations hold). Null = no cap. A prepaid account has
 * none: its balance is its cap.
 */
public record SpendCaps(BigDecimal perCall, BigDecimal daily) {

    public static final SpendCaps NONE = new SpendCaps(null, null);

    public boolean any() {
        return perCall != null || daily != null;
    }

    /** The caps an account of this billing type may hold; a prepaid account with a cap is refused. */
    public SpendCaps requireAllowedFor(BillingType billingType) {
        if (billingType == BillingType.PREPAID && any()) {
            throw Failure.unprocessable("spend-caps-postpaid-only", "Spend caps are for postpaid accounts",
                    "perCallLimit and dailyLimit limit postpaid accounts only (a prepaid account is limited by its"
                            + " balance and credit limit); clear them (\"\") or make the account POSTPAID");
        }
        return this;
    }

    /** The start of the day {@code now} falls in, in the zone daily caps count days in. */
    public static Instant dayStart(Instant now, ZoneId zone) {
        return now.atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
