package io.ringback.media.rtp;

import java.util.Objects;

/** The outcome of parsing a datagram: a packet, or why it was rejected. */
public final class RtpParseResult {

    /** Why a datagram is not an RTP packet we accept. */
    public enum Reason {
        /** Shorter than the 12-byte fixed header, or than its CSRC list or extension. */
        SHORT_HEADER,
        /** The version field is not 2. */
        WRONG_VERSION,
        /** The padding count is zero or longer than the packet. */
        BAD_PADDING,
        /** An RTCP packet (PT 200-204) sent to the RTP port. */
        RTCP_ON_RTP_PORT
    }

    private final RtpPacket packet;
    private final Reason reason;

    private RtpParseResult(RtpPacket packet, Reason reason) {
        this.packet = packet;
        this.reason = reason;
    }

    static RtpParseResult parsed(RtpPacket packet) {
        return new RtpParseResult(Objects.requireNonNull(packet), null);
    }

    public static RtpParseResult rejected(Reason reason) {
        return new RtpParseResult(null, Objects.requireNonNull(reason));
    }

    public boolean isPacket() {
        return packet != null;
    }

    /** The packet; only when {@link #isPacket()}. */
    public RtpPacket packet() {
        if (packet == null) {
            throw new IllegalStateException("rejected: " + reason);
        }
        return packet;
    }

    /** Why it was rejected; null for a packet. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return packet != null ? packet.toString() : "rejected: " + reason;
    }
}
