package io.ringback.cdr.domain;

/** The state a leg event says its leg moved into. ENDED and FAILED are final. */
public enum LegState {
    ORIGINATED,
    RINGING,
    ANSWERED,
    ENDED,
    FAILED;

    public boolean isFinal() {
        return this == ENDED || this == FAILED;
    }
}
