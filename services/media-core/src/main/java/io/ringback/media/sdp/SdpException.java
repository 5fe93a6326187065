package io.ringback.media.sdp;

import io.ringback.common.Failure;

/** An SDP that cannot be used; {@link #reason()} tells signaling which SIP answer fits. */
public class SdpException extends Failure {

    /** Why negotiation failed. */
    public enum Reason {
        /** Not parseable as RFC 4566 SDP, or no audio stream: 400 Bad Request. */
        MALFORMED,
        /** No codec in common: 488 Not Acceptable Here (RFC 3261 §21.4.26). */
        NO_COMMON_CODEC
    }

    private final Reason reason;

    public SdpException(Reason reason, String message) {
        super(reason == Reason.NO_COMMON_CODEC ? Kind.CONFLICT : Kind.INVALID,
                reason == Reason.NO_COMMON_CODEC ? "no-common-codec" : "malformed-sdp",
                reason == Reason.NO_COMMON_CODEC ? "No common codec" : "Malformed SDP", message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
