package io.ringback.signaling.core.callerid;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a DID's provider writes caller IDs, and so how to turn one into E.164 digits without
 * {@code +} (the only form inside the platform). Applied in this order:
 * <ol>
 *   <li>visual separators (space, {@code - . ( )}) are dropped;</li>
 *   <li>{@code +} followed by digits is international already;</li>
 *   <li>the international prefix ({@code 00}) is dropped: what follows is international;</li>
 *   <li>the national (trunk) prefix ({@code 0}) is replaced by the country code;</li>
 *   <li>a number of exactly the national number length (10 for Mexico, where no trunk prefix is
 *       dialed any more) gets the country code in front;</li>
 *   <li>anything else is taken as international digits already.</li>
 * </ol>
 * The result must be 7 to 15 digits (E.164 §6.1 allows 15) and cannot start with 0 (no country
 * code does); otherwise there is no usable caller ID.
 *
 * @param countryCode          the DID's country code, e.g. {@code 52}
 * @param nationalPrefix       the trunk prefix, e.g. {@code 0}; empty when the country has none
 * @param internationalPrefix  the international access prefix, e.g. {@code 00}; empty for none
 * @param nationalNumberLength the length of a national number without any prefix; 0 = not used
 */
public record CallerIdNormalization(String countryCode, String nationalPrefix, String internationalPrefix,
                                    int nationalNumberLength) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern SEPARATORS = Pattern.compile("[ \\-.()]");

    public CallerIdNormalization {
        countryCode = countryCode == null ? "" : countryCode;
        nationalPrefix = nationalPrefix == null ? "" : nationalPrefix;
        internationalPrefix = internationalPrefix == null ? "" : internationalPrefix;
        if (!countryCode.isEmpty() && !countryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("a country code is 1 to 3 digits, not starting with 0");
        }
        if (!nationalPrefix.isEmpty() && !DIGITS.matcher(nationalPrefix).matches()) {
            throw new IllegalArgumentException("a national prefix is digits");
        }
        if (!internationalPrefix.isEmpty() && !DIGITS.matcher(internationalPrefix).matches()) {
            throw new IllegalArgumentException("an international prefix is digits");
        }
        if (nationalNumberLength < 0 || nationalNumberLength > 15) {
            throw new IllegalArgumentException("a national number length is 0 (not used) to 15");
        }
        if (countryCode.isEmpty() && (!nationalPrefix.isEmpty() || nationalNumberLength > 0)) {
            throw new IllegalArgumentException("a national prefix or national number length needs a country code");
        }
    }

    /** No rewriting: every caller ID must arrive international (with or without {@code +}). */
    public static CallerIdNormalization international() {
        return new CallerIdNormalization("", "", "00", 0);
    }

    /** The caller ID as E.164 digits without {@code +}, or empty when it is not a usable number. */
    public Optional<String> normalize(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String text = SEPARATORS.matcher(number.strip()).replaceAll("");
        String international;
        if (text.startsWith("+")) {
            international = text.substring(1);
        } else if (!DIGITS.matcher(text).matches()) {
            return Optional.empty();
        } else if (!internationalPrefix.isEmpty() && text.startsWith(internationalPrefix)) {
            international = text.substring(internationalPrefix.length());
        } else if (!nationalPrefix.isEmpty() && text.startsWith(nationalPrefix)) {
            international = countryCode + text.substring(nationalPrefix.length());
        } else if (nationalNumberLength > 0 && text.length() == nationalNumberLength) {
            international = countryCode + text;
        } else {
            international = text;
        }
        if (!DIGITS.matcher(international).matches() || international.length() < 7 || international.length() > 15
                || international.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.of(international);
    }
}
