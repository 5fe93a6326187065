package io.ringback.media.codec;

/** The two G.711 laws with their static RTP payload types (RFC 3551 §6) and SDP encoding names. */
public enum Law {
    /** mu-law, PT 0. */
    PCMU(0),
    /** A-law, PT 8. */
    PCMA(8);

    private final int payloadType;

    Law(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The line value of digital silence (linear 0). */
    public byte silence() {
        return this == PCMU ? (byte) 0xFF : (byte) 0xD5;
    }
}
