package io.ringback.media.ivr;

import java.time.Duration;

/**
 * What a play-and-collect asks for.
 *
 * @param bargeIn           a digit during the prompts stops them and counts; without barge-in,
 *                          digits pressed while prompts play are ignored
 * @param maxDigits         collection ends at this many digits; 0 = no limit (terminator or timeout)
 * @param terminator        the key that ends collection (not returned), or 0 for none
 * @param firstDigitTimeout allowed from the end of the prompts to the first digit
 * @param interDigitTimeout allowed between digits
 */
public record CollectSpec(boolean bargeIn, int maxDigits, char terminator, Duration firstDigitTimeout,
                          Duration interDigitTimeout) {

    public CollectSpec {
        if (maxDigits < 0) {
            throw new IllegalArgumentException("max digits is " + maxDigits + ", expected 0 (no limit) or more");
        }
        if (firstDigitTimeout.isNegative() || firstDigitTimeout.isZero()
                || interDigitTimeout.isNegative() || interDigitTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
