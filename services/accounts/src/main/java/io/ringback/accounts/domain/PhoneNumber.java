package io.ringback.accounts.domain;

import io.ringback.common.Failure;
import java.util.regex.Pattern;

/** E.164 numbers as stored: digits only, no '+', 7 to 15 digits, not starting with 0. */
public final class PhoneNumber {

    private static final Pattern DECORATION = Pattern.compile("[\\s\\-().]");
    private static final Pattern E164 = Pattern.compile("[1-9][0-9]{6,14}");
    private static final Pattern PREFIX = Pattern.compile("[0-9]{1,15}");

    private PhoneNumber() {
    }

    /** {@code "+880 1711-000001"} → {@code "8801711000001"}; anything else is refused. */
    public static String normalize(String input) {
        if (input == null || input.isBlank()) {
            throw Failure.invalid("invalid-number", "Invalid phone number", "the number is missing");
        }
        String digits = DECORATION.matcher(input.trim()).replaceAll("");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (!E164.matcher(digits).matches()) {
            throw Failure.invalid("invalid-number", "Invalid phone number",
                    "'" + input + "' is not an E.164 number (country code and 7 to 15 digits in all)");
        }
        return digits;
    }

    /** {@link #normalize} for a named request field: the failure names the field. */
    public static String normalizeField(String field, String input) {
        try {
            return normalize(input);
        } catch (Failure e) {
            throw Failure.invalidField(field, e.getMessage());
        }
    }

    /** A number prefix of a limit list: 1 to 15 digits. */
    public static String prefix(String input) {
        String digits = input == null ? "" : DECORATION.matcher(input.trim()).replaceAll("");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (!PREFIX.matcher(digits).matches()) {
            throw Failure.invalid("invalid-prefix", "Invalid number prefix",
                    "'" + input + "' is not a number prefix (1 to 15 digits)");
        }
        return digits;
    }
}
