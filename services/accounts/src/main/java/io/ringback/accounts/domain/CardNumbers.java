package io.ringback.accounts.domain;

import java.security.SecureRandom;

/**
 * Phone card numbers and PINs, drawn from a {@link SecureRandom}: every digit is an independent
 * draw, so no number or PIN says anything about another. A number is 15 random digits (the first
 * not 0) and a Luhn check digit, so a mistyped digit is caught before any PIN is tried.
 */
public final class CardNumbers {

    /** Digits of a card number, the check digit included. */
    public static final int NUMBER_DIGITS = 16;
    /** Digits of a card PIN. */
    public static final int PIN_DIGITS = 8;

    private final SecureRandom random;

    public CardNumbers(SecureRandom random) {
        this.random = random;
    }

    public String number() {
        StringBuilder digits = new StringBuilder(NUMBER_DIGITS);
        digits.append(1 + random.nextInt(9));
        while (digits.length() < NUMBER_DIGITS - 1) {
            digits.append(random.nextInt(10));
        }
        return digits.append(checkDigit(digits)).toString();
    }

    public String pin() {
        StringBuilder digits = new StringBuilder(PIN_DIGITS);
        while (digits.length() < PIN_DIGITS) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /** Whether the text is a card number: 16 digits, not starting with 0, whose Luhn check holds. */
    public static boolean valid(String number) {
        return number != null && number.matches("[1-9][0-9]{" + (NUMBER_DIGITS - 1) + "}")
                && checkDigit(number.substring(0, NUMBER_DIGITS - 1)) == number.charAt(NUMBER_DIGITS - 1) - '0';
    }

    /** The Luhn check digit of a payload (the digits before it). */
    static int checkDigit(CharSequence payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int digit = payload.charAt(payload.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }
}
