package io.ringback.media.rtp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RtcpPacketTest {

    private static final ReportBlock BLOCK = new ReportBlock(0x01020304L, 64, 5, 0x0001_0010L, 40, 0xAABBCCDDL, 65536);

    @Test
    void senderReportWithOneBlockAndCnameFieldByField() {
        byte[] expected = {
                (byte) 0x81, (byte) 200, 0, 12,          // V=2, P=0, RC=1; PT=200 (SR); length 13 words - 1
                0, 0, 0, 7,                              // SSRC of sender
                (byte) 0xE9, 0, 0, 1, (byte) 0x80, 0, 0, 0, // NTP: seconds 0xE9000001, fraction 0.5
                0, 0, 0x1F, 0x40,                        // RTP timestamp 8000
                0, 0, 0, 50,                             // sender's packet count
                0, 0, 0x1F, 0x40,                        // sender's octet count 8000
                1, 2, 3, 4,                              // report block: SSRC
                64, 0, 0, 5,                             // fraction lost 64/256, cumulative lost 5
                0, 1, 0, 0x10,                           // extended highest sequence: 1 cycle, 16
                0, 0, 0, 40,                             // interarrival jitter 40
                (byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD, // LSR
                0, 1, 0, 0,                              // DLSR 1 s (65536/65536)
                (byte) 0x81, (byte) 202, 0, 3,           // SDES, SC=1, length 4 words - 1
                0, 0, 0, 7,                              // SSRC
                1, 2, 'r', 'b',                          // CNAME, 2 bytes "rb"
        };
        byte[] sr = RtcpPacket.senderReport(7, 0xE9000001_80000000L, 8000, 50, 8000, BLOCK, "rb");
        // The SDES chunk ends with a null item and padding to 32 bits: 4 zero bytes after "rb".
        byte[] withEnd = java.util.Arrays.copyOf(expected, expected.length + 4);
        assertArrayEquals(withEnd, sr);
    }

    @Test
    void parsesTheReportsItWritesAndRefusesGarbage() {
        RtcpPacket.Received sr = RtcpPacket.parse(RtcpPacket.senderReport(7, 0xE9000001_80000000L, 8000, 50, 8000,
                BLOCK, "rb"), 60);
        assertEquals(200, sr.packetType());
        assertEquals(7, sr.senderSsrc());
        assertEquals(0x0001_8000L, sr.ntpMiddle32());
        assertEquals(List.of(BLOCK), sr.blocks());
        byte[] rr = RtcpPacket.receiverReport(9, new ReportBlock(1, 0, -3, 100, 2, 0, 0), "ringback");
        RtcpPacket.Received parsed = RtcpPacket.parse(rr, rr.length);
        assertEquals(201, parsed.packetType());
        assertEquals(-3, parsed.blocks().get(0).cumulativeLost());
        assertNull(RtcpPacket.parse(new byte[] {(byte) 0x80, 0, 0, 1}, 4));
        assertNull(RtcpPacket.parse(new byte[] {(byte) 0x81, (byte) 201, 0, 7, 0, 0, 0, 1}, 8)); // claims 32 bytes
        byte[] rtp = new RtpPacket(false, 0, 1, 1, 1, new byte[20]).toBytes();
        assertNull(RtcpPacket.parse(rtp, rtp.length));
    }

    @Test
    void receptionStatisticsCountLossAcrossTheSequenceWrapAndJitter() {
        ReceptionStatistics stats = new ReceptionStatistics();
        long arrival = 0;
        int[] sequences = {65534, 65535, 1, 2, 4}; // 0 and 3 lost, wrap in between
        long timestamp = 1000;
        for (int sequence : sequences) {
            stats.onPacket(new RtpPacket(false, 0, sequence, timestamp, 5, new byte[160]), true, arrival);
            timestamp += 160;
            arrival += 160 + (sequence == 2 ? 80 : 0); // one packet 10 ms late
        }
        ReportBlock block = stats.reportBlock(0, 0);
        assertEquals(5, block.ssrc());
        assertEquals(0x1_0004L, block.extendedHighest());
        assertEquals(2, block.cumulativeLost());
        assertEquals(2 * 256 / 7, block.fractionLost());
        assertEquals(5, block.jitter()); // one 80-sample transit change: J = 0 + (80 - 0) / 16 (A.8)
        assertEquals(0, stats.reportBlock(0, 0).fractionLost()); // nothing new in the next interval
    }

    @Test
    void jitterIgnoresTheTimestampWrapAndTelephoneEventPackets() {
        ReceptionStatistics stats = new ReceptionStatistics();
        long timestamp = 0xFFFF_FD80L; // wraps after the fourth packet
        long arrival = 1_000_000;
        for (int sequence = 0; sequence < 10; sequence++) {
            stats.onPacket(new RtpPacket(false, 0, sequence, timestamp, 7, new byte[160]), true, arrival);
            // An event packet keeps its start timestamp while time moves on: not counted for jitter.
            stats.onPacket(new RtpPacket(false, 101, sequence + 1000, 0x1234, 7, new byte[4]), false, arrival + 80);
            timestamp = (timestamp + 160) & 0xFFFF_FFFFL;
            arrival += 160;
        }
        assertEquals(0, stats.reportBlock(0, 0).jitter());
    }
}
