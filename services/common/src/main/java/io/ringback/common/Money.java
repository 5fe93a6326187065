package io.ringback.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one money rule of the platform. An amount is a {@link BigDecimal} of scale 6 in the currency
 * of the account it belongs to, stored as {@code numeric(18,6)}.
 *
 * <ul>
 *   <li>On the wire (JSON, protobuf, CSV) an amount is a plain decimal string: an optional
 *       {@code -}, digits, and at most 6 decimals after a {@code .} ({@code "12.5"},
 *       {@code "-3.000001"}). An exponent ({@code "1e3"}), a sign {@code +}, surrounding spaces,
 *       a JSON number or more than 6 decimals is refused: accepting them would mean rounding or
 *       guessing what a client did not ask for.</li>
 *   <li>Its absolute value is below 10^12: what {@code numeric(18,6)} holds. A larger amount is
 *       refused at the door, before it reaches a database column that would overflow.</li>
 *   <li>Computations round only where a rule says so, explicitly, half-up to 6 places
 *       ({@link #round}); {@link #format} never rounds.</li>
 * </ul>
 */
public final class Money {

    public static final int SCALE = 6;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);
    /** Exclusive bound of the absolute value: numeric(18,6) keeps 12 digits before the point. */
    public static final BigDecimal LIMIT = new BigDecimal("1000000000000");

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,6})?");
    private static final Pattern ANY_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private Money() {
    }

    /**
     * Reads an amount in the wire form. {@code field} names the input (a JSON field, a CSV column)
     * in the {@link Failure} that refuses it.
     */
    public static BigDecimal parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is missing: send a decimal string such as \"12.50\"");
        }
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            if (ANY_DECIMAL.matcher(text).matches()) {
                throw invalid(field, "has more than " + SCALE + " decimals: '" + text + "'");
            }
            throw invalid(field, "is not a plain decimal (digits, an optional '-' and '.', no exponent, "
                    + "no spaces): '" + text + "'");
        }
        BigDecimal value = new BigDecimal(text).setScale(SCALE, RoundingMode.UNNECESSARY);
        requireFits(field, value);
        return value;
    }

    /** Like {@link #parse}, and the amount must be above zero. */
    public static BigDecimal parsePositive(String field, String text) {
        BigDecimal value = parse(field, text);
        if (value.signum() <= 0) {
            throw invalid(field, "must be greater than zero, got '" + text + "'");
        }
        return value;
    }

    /** Like {@link #parse}, and the amount must not be negative. */
    public static BigDecimal parseNonNegative(String field, String text) {
        BigDecimal value = parse(field, text);
        if (value.signum() < 0) {
            throw invalid(field, "must not be negative, got '" + text + "'");
        }
        return value;
    }

    /** Refuses a computed amount that a {@code numeric(18,6)} column cannot hold. */
    public static BigDecimal requireFits(String field, BigDecimal value) {
        if (value.abs().compareTo(LIMIT) >= 0) {
            throw invalid(field, "is too large: its absolute value must be below " + LIMIT.toPlainString()
                    + ", got '" + value.toPlainString() + "'");
        }
        return value;
    }

    /** Whether a computed amount fits a {@code numeric(18,6)} column. */
    public static boolean fits(BigDecimal value) {
        return value.abs().compareTo(LIMIT) < 0;
    }

    /** The explicit rounding of a computed amount: half-up to 6 places. */
    public static BigDecimal round(BigDecimal value) {
        return value.setScale(SCALE, ROUNDING);
    }

    /**
     * The wire form: a plain decimal string with exactly 6 places ({@code "0.150000"}).
     *
     * @throws ArithmeticException when the value has more than 6 significant decimals: round it
     *                             first, where the rule that computed it says how
     */
    public static String format(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static Failure invalid(String field, String why) {
        return Failure.invalid("invalid-amount", "Invalid amount", field + " " + why)
                .withErrors(List.of(new FieldError(field, why)));
    }
}
