package io.ringback.rating.domain;

import io.ringback.common.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of a rate table: what calls to numbers starting with {@code prefix} cost.
 *
 * @param prefix          E.164 digits without {@code +}
 * @param description     free text, e.g. "Mexico Mobile"
 * @param pricePerMinute  price per minute, scale 6, not negative
 * @param connectFee      charged once for an answered leg with billable time, scale 6, not negative
 * @param firstIncrement  first billing increment, seconds, positive
 * @param nextIncrement   every later billing increment, seconds, positive
 * @param validFrom       first instant the row applies (inclusive); null = always in the past
 * @param validTo         instant the row stops applying (exclusive); null = never
 * @param minimumCharge   the least an answered leg with billable time costs, scale 6; null = none
 */
public record RateRow(String prefix, String description, BigDecimal pricePerMinute, BigDecimal connectFee,
                      int firstIncrement, int nextIncrement, Instant validFrom, Instant validTo,
                      BigDecimal minimumCharge) {

    public RateRow {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.length() > E164.MAX_DIGITS || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a prefix is 1 to 15 digits, got '" + prefix + "'");
        }
        description = description == null ? "" : description;
        pricePerMinute = nonNegative(Objects.requireNonNull(pricePerMinute, "pricePerMinute"), "price per minute");
        connectFee = connectFee == null ? Money.ZERO : nonNegative(connectFee, "connect fee");
        minimumCharge = minimumCharge == null ? null : nonNegative(minimumCharge, "minimum charge");
        if (firstIncrement <= 0) {
            throw new IllegalArgumentException("first_increment: must be a positive number of seconds, got " + firstIncrement);
        }
        if (nextIncrement <= 0) {
            throw new IllegalArgumentException("next_increment: must be a positive number of seconds, got " + nextIncrement);
        }
        if (validFrom != null && validTo != null && !validFrom.isBefore(validTo)) {
            throw new IllegalArgumentException("valid_to must be after valid_from");
        }
    }

    /** A row valid at all times, without minimum charge. */
    public static RateRow of(String prefix, String description, String pricePerMinute, String connectFee,
                             int firstIncrement, int nextIncrement) {
        return new RateRow(prefix, description, new BigDecimal(pricePerMinute), new BigDecimal(connectFee),
                firstIncrement, nextIncrement, null, null, null);
    }

    /** Whether the row applies at {@code at}. */
    public boolean validAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validTo == null || at.isBefore(validTo));
    }

    /** Whether the validity windows of the two rows share an instant. */
    public boolean overlaps(RateRow other) {
        boolean startsBeforeOtherEnds = validFrom == null || other.validTo == null || validFrom.isBefore(other.validTo);
        boolean otherStartsBeforeThisEnds = other.validFrom == null || validTo == null || other.validFrom.isBefore(validTo);
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }

    private static BigDecimal nonNegative(BigDecimal value, String what) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > Money.SCALE) {
            throw new IllegalArgumentException(what + " has more than 6 decimal places: " + value.toPlainString());
        }
        if (!Money.fits(value)) {
            throw new IllegalArgumentException(what + " is too large: it must be below "
                    + Money.LIMIT.toPlainString() + ", got " + value.toPlainString());
        }
        return Money.round(value);
    }
}
