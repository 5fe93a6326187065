package io.ringback.rating.domain;

/** E.164 numbers and prefixes as the platform keeps them: digits only, without {@code +}. */
public final class E164 {

    /** E.164 numbers have at most 15 digits. */
    public static final int MAX_DIGITS = 15;

    private E164() {
    }

    /**
     * Normalizes a number or prefix typed by a person or a carrier: {@code +}, spaces and dashes
     * are dropped; anything else that is not a digit is refused.
     *
     * @throws IllegalArgumentException when the result is empty, longer than 15 digits, or the input holds a letter
     *                                  or another symbol
     */
    public static String normalize(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("a number is required");
        }
        StringBuilder digits = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != '+' && c != ' ' && c != '-') {
                throw new IllegalArgumentException("only digits, '+', spaces and dashes are allowed, found '" + c
                        + "' in '" + raw + "'");
            }
        }
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("no digits in '" + raw + "'");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("more than " + MAX_DIGITS + " digits in '" + raw + "'");
        }
        return digits.toString();
    }
}
