package io.ringback.media.ivr;

import io.ringback.media.dtmf.DtmfMethod;

/**
 * The outcome of a play-and-collect.
 *
 * @param digits    the digits entered, without the terminator
 * @param endReason why collection ended
 * @param method    the method the digits came by; null when none was entered
 */
public record CollectResult(String digits, EndReason endReason, DtmfMethod method) {

    /** Why collection ended (the proto's CollectEndReason). */
    public enum EndReason {
        TERMINATOR, MAX_DIGITS, FIRST_DIGIT_TIMEOUT, INTER_DIGIT_TIMEOUT, STOPPED
    }
}
