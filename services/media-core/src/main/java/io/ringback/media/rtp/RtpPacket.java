package io.ringback.media.rtp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An RTP packet (RFC 3550 §5.1). CSRCs and a header extension of a received packet are skipped (a
 * media anchor relays audio, not contributing sources); packets we write carry neither.
 *
 * @param marker      M bit (RFC 3551: first packet of a talkspurt; RFC 4733: start of an event)
 * @param payloadType PT, 0-127
 * @param sequence    sequence number, 0-65535
 * @param timestamp   RTP timestamp, unsigned 32 bits held in a long
 * @param ssrc        synchronization source, unsigned 32 bits held in a long
 * @param payload     the payload, without padding
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {

    /** RFC 3550 §5.1: the fixed header is 12 bytes. */
    public static final int HEADER_LENGTH = 12;

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not in 0-127");
        }
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence " + sequence + " is not in 0-65535");
        }
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL || ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp and SSRC are unsigned 32-bit values");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length in bytes, without copying it. */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * Parses one datagram. Never throws on bad input: a malformed packet comes back as a
     * {@link RtpParseResult} carrying the reason, so a hostile sender cannot break the receive loop.
     */
    public static RtpParseResult parse(byte[] data, int offset, int length) {
        if (length < HEADER_LENGTH) {
            return RtpParseResult.rejected(RtpParseResult.Reason.SHORT_HEADER);
        }
        int b0 = data[offset] & 0xFF;
        if (b0 >>> 6 != 2) {
            return RtpParseResult.rejected(RtpParseResult.Reason.WRONG_VERSION);
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = data[offset + 1] & 0xFF;
        int payloadType = b1 & 0x7F;
        if (payloadType >= 72 && payloadType <= 76) {
            // RFC 5761 §4: 72-76 collide with RTCP packet types 200-204; this is RTCP sent to the RTP port.
            return RtpParseResult.rejected(RtpParseResult.Reason.RTCP_ON_RTP_PORT);
        }
        int headerLength = HEADER_LENGTH + 4 * csrcCount;
        if (length < headerLength) {
            return RtpParseResult.rejected(RtpParseResult.Reason.SHORT_HEADER);
        }
        if (extension) {
            // RFC 3550 §5.3.1: 16-bit profile-defined id, 16-bit length in 32-bit words.
            if (length < headerLength + 4) {
                return RtpParseResult.rejected(RtpParseResult.Reason.SHORT_HEADER);
            }
            int words = u16(data, offset + headerLength + 2);
            headerLength += 4 + 4 * words;
            if (length < headerLength) {
                return RtpParseResult.rejected(RtpParseResult.Reason.SHORT_HEADER);
            }
        }
        int payloadEnd = length;
        if (padding) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            int pad = data[offset + length - 1] & 0xFF;
            if (pad == 0 || headerLength + pad > length) {
                return RtpParseResult.rejected(RtpParseResult.Reason.BAD_PADDING);
            }
            payloadEnd = length - pad;
        }
        RtpPacket packet = new RtpPacket((b1 & 0x80) != 0, payloadType, u16(data, offset + 2),
                u32(data, offset + 4), u32(data, offset + 8),
                Arrays.copyOfRange(data, offset + headerLength, offset + payloadEnd));
        return RtpParseResult.parsed(packet);
    }

    /** Writes the packet into a buffer (e.g. a socket's direct buffer, reused), as {@link #toBytes()}. */
    public void writeTo(ByteBuffer out) {
        out.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) sequence)
                .putInt((int) timestamp).putInt((int) ssrc).put(payload);
    }

    /** Writes the packet: version 2, no padding, no extension, no CSRC. */
    public byte[] toBytes() {
        byte[] out = new byte[HEADER_LENGTH + payload.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        out[2] = (byte) (sequence >>> 8);
        out[3] = (byte) sequence;
        out[4] = (byte) (timestamp >>> 24);
        out[5] = (byte) (timestamp >>> 16);
        out[6] = (byte) (timestamp >>> 8);
        out[7] = (byte) timestamp;
        out[8] = (byte) (ssrc >>> 24);
        out[9] = (byte) (ssrc >>> 16);
        out[10] = (byte) (ssrc >>> 8);
        out[11] = (byte) ssrc;
        System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
        return out;
    }

    private static int u16(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private static long u32(byte[] data, int at) {
        return ((long) u16(data, at) << 16) | u16(data, at + 2);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RtpPacket p && marker == p.marker && payloadType == p.payloadType
                && sequence == p.sequence && timestamp == p.timestamp && ssrc == p.ssrc
                && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 + sequence;
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", marker=" + marker + ", payload=" + payload.length + " bytes]";
    }
}
