package io.ringback.media.rtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compound RTCP packets as an endpoint sends them (RFC 3550 §6.1: SR or RR first, then SDES with a
 * CNAME), and the parts it reads from the far end's reports. At most one report block: an endpoint
 * receives one stream.
 */
public final class RtcpPacket {

    static final int SR = 200;
    static final int RR = 201;
    static final int SDES = 202;

    private RtcpPacket() {
    }

    /** What a received compound packet reported. */
    public record Received(int packetType, long senderSsrc, long ntpMiddle32, List<ReportBlock> blocks) {
    }

    /**
     * A sender report (we sent RTP since the last report) with an optional report block, then SDES.
     *
     * @param ntpTimestamp 64-bit NTP time (seconds since 1900 in the high 32 bits, fraction in the low)
     */
    public static byte[] senderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
                                      long octetCount, ReportBlock block, String cname) {
        int blocks = block == null ? 0 : 1;
        ByteBuffer out = ByteBuffer.allocate(28 + 24 * blocks + sdesLength(cname));
        out.put((byte) (0x80 | blocks)).put((byte) SR).putShort((short) ((28 + 24 * blocks) / 4 - 1));
        out.putInt((int) ssrc).putLong(ntpTimestamp).putInt((int) rtpTimestamp)
                .putInt((int) packetCount).putInt((int) octetCount);
        if (block != null) {
            put(out, block);
        }
        sdes(out, ssrc, cname);
        return out.array();
    }

    /** A receiver report (we sent nothing since the last report), then SDES. */
    public static byte[] receiverReport(long ssrc, ReportBlock block, String cname) {
        int blocks = block == null ? 0 : 1;
        ByteBuffer out = ByteBuffer.allocate(8 + 24 * blocks + sdesLength(cname));
        out.put((byte) (0x80 | blocks)).put((byte) RR).putShort((short) ((8 + 24 * blocks) / 4 - 1));
        out.putInt((int) ssrc);
        if (block != null) {
            put(out, block);
        }
        sdes(out, ssrc, cname);
        return out.array();
    }

    private static void put(ByteBuffer out, ReportBlock block) {
        out.putInt((int) block.ssrc());
        out.putInt((block.fractionLost() << 24) | (block.cumulativeLost() & 0xFFFFFF));
        out.putInt((int) block.extendedHighest()).putInt((int) block.jitter())
                .putInt((int) block.lastSr()).putInt((int) block.delaySinceLastSr());
    }

    private static int sdesLength(String cname) {
        // header 4 + SSRC 4 + type 1 + length 1 + text + at least one null, padded to 32 bits.
        int chunk = 4 + 2 + cname.getBytes(StandardCharsets.UTF_8).length + 1;
        return 4 + (chunk + 3) / 4 * 4;
    }

    private static void sdes(ByteBuffer out, long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        int length = sdesLength(cname);
        out.put((byte) 0x81).put((byte) SDES).putShort((short) (length / 4 - 1));
        out.putInt((int) ssrc).put((byte) 1).put((byte) text.length).put(text);
        while (out.position() % 4 != 0 || out.get(out.position() - 1) != 0) {
            out.put((byte) 0);
        }
    }

    /**
     * Reads the SR or RR that opens a compound packet; null when the datagram is not a valid
     * compound RTCP packet (never throws on bad input).
     */
    public static Received parse(byte[] data, int length) {
        if (length < 8 || (data[0] & 0xC0) != 0x80) {
            return null;
        }
        int type = data[1] & 0xFF;
        int count = data[0] & 0x1F;
        int words = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        int packetLength = (words + 1) * 4;
        if ((type != SR && type != RR) || packetLength > length) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, packetLength);
        in.position(4);
        long sender = in.getInt() & 0xFFFF_FFFFL;
        long middle = 0;
        if (type == SR) {
            if (packetLength < 28) {
                return null;
            }
            long ntp = in.getLong();
            middle = (ntp >>> 16) & 0xFFFF_FFFFL;
            in.position(28);
        }
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 24) {
                return null;
            }
            long ssrc = in.getInt() & 0xFFFF_FFFFL;
            int lossWord = in.getInt();
            int cumulative = (lossWord << 8) >> 8;
            blocks.add(new ReportBlock(ssrc, (lossWord >>> 24) & 0xFF, cumulative, in.getInt() & 0xFFFF_FFFFL,
                    in.getInt() & 0xFFFF_FFFFL, in.getInt() & 0xFFFF_FFFFL, in.getInt() & 0xFFFF_FFFFL));
        }
        return new Received(type, sender, middle, blocks);
    }
}
