package io.ringback.accounts.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is a BigDecimal of scale 6; on the wire a decimal string such as {@code "12.500000"}. */
public final class Money {

    public static final int SCALE = 6;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);
    /** numeric(18, 6): twelve digits before the point. */
    private static final BigDecimal LIMIT = new BigDecimal("1000000000000");

    private Money() {
    }

    /**
     * Reads a decimal string of at most 6 decimals (more would need rounding a client did not ask
     * for, so it is refused). {@code field} names the input in the error.
     */
    public static BigDecimal parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw AccountsException.invalid("invalid-amount", "Invalid amount", field + " is missing");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw AccountsException.invalid("invalid-amount", "Invalid amount",
                    field + " is not a decimal number: '" + text + "'");
        }
        if (value.stripTrailingZeros().scale() > SCALE) {
            throw AccountsException.invalid("invalid-amount", "Invalid amount",
                    field + " has more than " + SCALE + " decimals: '" + text + "'");
        }
        if (value.abs().compareTo(LIMIT) >= 0) {
            throw AccountsException.invalid("invalid-amount", "Invalid amount", field + " is too large: '" + text + "'");
        }
        return value.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** Like {@link #parse} but the amount must be above zero. */
    public static BigDecimal parsePositive(String field, String text) {
        BigDecimal value = parse(field, text);
        if (value.signum() <= 0) {
            throw AccountsException.invalid("invalid-amount", "Invalid amount",
                    field + " must be greater than zero, got '" + text + "'");
        }
        return value;
    }

    /** Like {@link #parse} but the amount must not be negative. */
    public static BigDecimal parseNonNegative(String field, String text) {
        BigDecimal value = parse(field, text);
        if (value.signum() < 0) {
            throw AccountsException.invalid("invalid-amount", "Invalid amount",
                    field + " must not be negative, got '" + text + "'");
        }
        return value;
    }

    public static String format(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }
}
