package io.ringback.signaling.core.sip;

/** A digest challenge we cannot answer, with the reason for the leg event and the log. */
public final class DigestException extends RuntimeException {

    public DigestException(String message) {
        super(message);
    }
}
