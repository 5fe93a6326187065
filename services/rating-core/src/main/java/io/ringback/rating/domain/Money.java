package io.ringback.rating.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Money amounts: {@link BigDecimal} with 6 decimal places, rounded half-up, written as plain decimal strings. */
public final class Money {

    public static final int SCALE = 6;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private Money() {
    }

    /**
     * Parses a plain decimal ({@code "0.15"}, {@code "12.500000"}) into an amount of scale 6.
     *
     * @throws IllegalArgumentException when it is not a plain decimal or has more than 6 significant decimals
     */
    public static BigDecimal parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("not a decimal number: '" + trimmed + "'");
        }
        BigDecimal value = new BigDecimal(trimmed);
        if (value.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("more than " + SCALE + " decimal places: " + trimmed);
        }
        return value.setScale(SCALE, ROUNDING);
    }

    /** Like {@link #parse} but refuses a negative amount. */
    public static BigDecimal parseNonNegative(String text) {
        BigDecimal value = parse(text);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("must not be negative: " + text.trim());
        }
        return value;
    }

    /** Rounds half-up to 6 places. */
    public static BigDecimal round(BigDecimal value) {
        return value.setScale(SCALE, ROUNDING);
    }

    /** The wire form: a plain decimal string with exactly 6 places ({@code "0.150000"}). */
    public static String format(BigDecimal value) {
        return round(value).toPlainString();
    }
}
