package io.ringback.rating.domain;

import io.ringback.common.Failure;
import io.ringback.common.Money;

import java.math.BigDecimal;

/** Billable seconds and leg charges exactly as domain rules §3 define them. */
public final class Pricing {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private Pricing() {
    }

    /**
     * Billable seconds of a leg of {@code durationMs} milliseconds (answer to end): the duration is
     * rounded up to whole seconds {@code d}; 0 if {@code d = 0}, else
     * {@code first + ceil(max(0, d - first) / next) * next}.
     */
    public static long billableSeconds(long durationMs, int firstIncrement, int nextIncrement) {
        if (durationMs < 0) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "a duration cannot be negative: " + durationMs + " ms");
        }
        long seconds = durationMs / 1000 + (durationMs % 1000 == 0 ? 0 : 1);
        if (seconds == 0) {
            return 0;
        }
        long beyondFirst = Math.max(0, seconds - firstIncrement);
        long nextIncrements = beyondFirst / nextIncrement + (beyondFirst % nextIncrement == 0 ? 0 : 1);
        return firstIncrement + nextIncrements * nextIncrement;
    }

    /**
     * The charge for {@code billableSeconds} at {@code rate}: connect fee + price per minute ×
     * billable / 60, rounded half-up to 6 places, at least the row's minimum charge. No billable
     * time costs nothing: a zero-second leg pays neither connect fee nor minimum.
     */
    public static BigDecimal charge(RateRow rate, long billableSeconds) {
        if (billableSeconds == 0) {
            return Money.ZERO;
        }
        // The connect fee has scale 6 already, so rounding the time part alone rounds the sum.
        BigDecimal time = rate.pricePerMinute().multiply(BigDecimal.valueOf(billableSeconds))
                .divide(SIXTY, Money.SCALE, Money.ROUNDING);
        BigDecimal charge = rate.connectFee().add(time);
        if (rate.minimumCharge() != null && charge.compareTo(rate.minimumCharge()) < 0) {
            return rate.minimumCharge();
        }
        return charge;
    }

    /** Billable seconds and charge of an answered leg of {@code durationMs} milliseconds. */
    public static LegPrice price(RateRow rate, long durationMs) {
        long billable = billableSeconds(durationMs, rate.firstIncrement(), rate.nextIncrement());
        return new LegPrice(billable, charge(rate, billable));
    }
}
