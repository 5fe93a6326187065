package io.ringback.media.rtp;

/** No RTP port of the configured range is free. */
public class PortsExhaustedException extends Exception {

    public PortsExhaustedException(String message) {
        super(message);
    }
}
