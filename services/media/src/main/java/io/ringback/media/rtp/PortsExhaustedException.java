package io.ringback.media.rtp;

import io.ringback.common.Failure;

/** No RTP port of the configured range is free. */
public class PortsExhaustedException extends Failure {

    public PortsExhaustedException(String message) {
        super(Kind.EXHAUSTED, "rtp-ports-exhausted", "RTP ports exhausted", message);
    }
}
