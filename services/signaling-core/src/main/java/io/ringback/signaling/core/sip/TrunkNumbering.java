package io.ringback.signaling.core.sip;

import java.util.Objects;
import java.util.Set;

/**
 * How a gateway wants the called number written, as the operator saved it on the gateway, and so
 * the user part of the Request-URI we send it. From the platform's form (E.164 digits without
 * {@code +}), in this order:
 * <ol>
 *   <li>the number format: {@link Format#E164} leaves the digits, {@link Format#NATIONAL} drops the
 *       country code (its length read from the E.164 country code assignments), and
 *       {@link Format#E164_PLUS} keeps the digits and puts {@code +} in front at the very end;</li>
 *   <li>the strip prefix is removed from the front of those digits when they start with it;</li>
 *   <li>the add prefix (a trunk's technical prefix) is put in front of what is left.</li>
 * </ol>
 * So {@code 525512345678} to a gateway with NATIONAL, strip {@code 55}, add {@code 7788} becomes
 * {@code 778812345678}; with E164_PLUS and add {@code 1} it becomes {@code +1525512345678}.
 *
 * @param stripPrefix digits, empty for none
 * @param addPrefix   digits, empty for none
 * @param format      the number format
 */
public record TrunkNumbering(String stripPrefix, String addPrefix, Format format) {

    /** The number formats a gateway can ask for. */
    public enum Format { E164_PLUS, E164, NATIONAL }

    /** Country codes of one or two digits (ITU-T E.164 assignments); every other code has three. */
    private static final Set<String> SHORT_COUNTRY_CODES = Set.of(
            "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
            "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64",
            "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98");

    public TrunkNumbering {
        stripPrefix = stripPrefix == null ? "" : stripPrefix;
        addPrefix = addPrefix == null ? "" : addPrefix;
        Objects.requireNonNull(format, "format");
        if (!stripPrefix.matches("[0-9]*") || !addPrefix.matches("[0-9]*")) {
            throw new IllegalArgumentException("a strip or add prefix is digits");
        }
    }

    /** No rewriting: E.164 digits as the platform has them. */
    public static TrunkNumbering plain() {
        return new TrunkNumbering("", "", Format.E164);
    }

    /**
     * The user part of the Request-URI for {@code e164}.
     *
     * @throws IllegalArgumentException when {@code e164} is not 7 to 15 digits without a leading 0,
     *                                  or nothing is left of it to send
     */
    public String requestUser(String e164) {
        if (e164 == null || !e164.matches("[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("'" + e164 + "' is not an E.164 number (7 to 15 digits, no leading 0)");
        }
        String digits = format == Format.NATIONAL ? e164.substring(countryCodeLength(e164)) : e164;
        if (!stripPrefix.isEmpty() && digits.startsWith(stripPrefix)) {
            digits = digits.substring(stripPrefix.length());
        }
        String user = addPrefix + digits;
        if (user.isEmpty()) {
            throw new IllegalArgumentException("nothing is left of '" + e164 + "' after stripping '" + stripPrefix + "'");
        }
        return format == Format.E164_PLUS ? "+" + user : user;
    }

    /** The length of the country code that {@code e164} starts with: 1, 2 or 3. */
    static int countryCodeLength(String e164) {
        if (SHORT_COUNTRY_CODES.contains(e164.substring(0, 1))) {
            return 1;
        }
        return SHORT_COUNTRY_CODES.contains(e164.substring(0, 2)) ? 2 : 3;
    }
}
