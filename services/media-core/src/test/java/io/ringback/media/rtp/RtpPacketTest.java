package io.ringback.media.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    /** A PCMU packet as a phone sends it, annotated field by field (RFC 3550 §5.1). */
    private static final byte[] GOLDEN = {
            (byte) 0x80,             // V=2 (10), P=0, X=0, CC=0
            (byte) 0x80,             // M=1, PT=0 (PCMU)
            (byte) 0x1F, (byte) 0x4A, // sequence 8010
            (byte) 0x00, (byte) 0x01, (byte) 0xF4, (byte) 0x00, // timestamp 128000
            (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, // SSRC 0xDEADBEEF
            (byte) 0xFF, (byte) 0xFF, (byte) 0x7F, (byte) 0x00 // 4 payload bytes
    };

    @Test
    void parsesEveryHeaderField() {
        RtpParseResult result = RtpPacket.parse(GOLDEN, 0, GOLDEN.length);
        assertTrue(result.isPacket());
        RtpPacket packet = result.packet();
        assertTrue(packet.marker());
        assertEquals(0, packet.payloadType());
        assertEquals(8010, packet.sequence());
        assertEquals(128000L, packet.timestamp());
        assertEquals(0xDEADBEEFL, packet.ssrc());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F, 0x00}, packet.payload());
    }

    @Test
    void writesTheSameBytesItParses() {
        RtpPacket packet = new RtpPacket(true, 0, 8010, 128000L, 0xDEADBEEFL,
                new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F, 0x00});
        assertArrayEquals(GOLDEN, packet.toBytes());
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(64);
        packet.writeTo(buffer);
        byte[] written = new byte[buffer.flip().remaining()];
        buffer.get(written);
        assertArrayEquals(GOLDEN, written);
    }

    @Test
    void writesUnsignedExtremesAndPayloadType101WithoutMarker() {
        byte[] bytes = new RtpPacket(false, 101, 0xFFFF, 0xFFFF_FFFFL, 0L, new byte[0]).toBytes();
        assertArrayEquals(new byte[] {
                (byte) 0x80,                 // V=2
                (byte) 0x65,                 // M=0, PT=101
                (byte) 0xFF, (byte) 0xFF,    // sequence 65535
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // timestamp 2^32-1
                0, 0, 0, 0                   // SSRC 0
        }, bytes);
    }

    @Test
    void skipsCsrcListAndHeaderExtensionAndPadding() {
        byte[] data = {
                (byte) 0xB1,             // V=2, P=1, X=1, CC=1
                (byte) 0x08,             // M=0, PT=8 (PCMA)
                0x00, 0x02,              // sequence 2
                0x00, 0x00, 0x00, (byte) 0xA0, // timestamp 160
                0x00, 0x00, 0x00, 0x07,  // SSRC 7
                0x11, 0x22, 0x33, 0x44,  // CSRC[0]
                (byte) 0xBE, (byte) 0xDE, 0x00, 0x01, // extension profile 0xBEDE, length 1 word
                0x01, 0x02, 0x03, 0x04,  // extension word
                (byte) 0xD5, (byte) 0xD5, // payload: two A-law silence samples
                0x00, 0x02               // padding: 2 bytes, the last one counts them
        };
        RtpPacket packet = RtpPacket.parse(data, 0, data.length).packet();
        assertEquals(8, packet.payloadType());
        assertEquals(2, packet.sequence());
        assertEquals(160, packet.timestamp());
        assertEquals(7, packet.ssrc());
        assertFalse(packet.marker());
        assertArrayEquals(new byte[] {(byte) 0xD5, (byte) 0xD5}, packet.payload());
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() {
        byte[] buffer = new byte[GOLDEN.length + 5];
        System.arraycopy(GOLDEN, 0, buffer, 3, GOLDEN.length);
        assertEquals(8010, RtpPacket.parse(buffer, 3, GOLDEN.length).packet().sequence());
    }

    @Test
    void rejectsMalformedDatagramsWithAReasonAndNoException() {
        assertEquals(RtpParseResult.Reason.SHORT_HEADER, RtpPacket.parse(GOLDEN, 0, 11).reason());
        assertEquals(RtpParseResult.Reason.SHORT_HEADER, RtpPacket.parse(new byte[0], 0, 0).reason());
        byte[] version1 = GOLDEN.clone();
        version1[0] = 0x40;
        assertEquals(RtpParseResult.Reason.WRONG_VERSION, RtpPacket.parse(version1, 0, version1.length).reason());
        byte[] version0 = GOLDEN.clone();
        version0[0] = 0x00;
        assertEquals(RtpParseResult.Reason.WRONG_VERSION, RtpPacket.parse(version0, 0, version0.length).reason());
        byte[] csrcsMissing = GOLDEN.clone();
        csrcsMissing[0] = (byte) 0x82; // CC=2 needs 8 more header bytes than the 4 there are
        assertEquals(RtpParseResult.Reason.SHORT_HEADER, RtpPacket.parse(csrcsMissing, 0, csrcsMissing.length).reason());
        byte[] extensionTooLong = GOLDEN.clone();
        extensionTooLong[0] = (byte) 0x90; // X=1: the 4 payload bytes are read as an extension header
        extensionTooLong[14] = 0x00;
        extensionTooLong[15] = 0x05;       // ... claiming 5 words that are not there
        assertEquals(RtpParseResult.Reason.SHORT_HEADER,
                RtpPacket.parse(extensionTooLong, 0, extensionTooLong.length).reason());
        byte[] badPadding = GOLDEN.clone();
        badPadding[0] = (byte) 0xA0;       // P=1, last byte 0x00 = zero padding: invalid
        assertEquals(RtpParseResult.Reason.BAD_PADDING, RtpPacket.parse(badPadding, 0, badPadding.length).reason());
        byte[] rtcp = {(byte) 0x80, (byte) 0xC8, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0}; // RTCP SR (PT 200)
        assertEquals(RtpParseResult.Reason.RTCP_ON_RTP_PORT, RtpPacket.parse(rtcp, 0, rtcp.length).reason());
        assertThrows(IllegalStateException.class, () -> RtpPacket.parse(GOLDEN, 0, 3).packet());
    }

    @Test
    void randomGarbageNeverThrows() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            RtpParseResult result = RtpPacket.parse(data, 0, data.length);
            assertTrue(result.isPacket() || result.reason() != null);
        }
    }
}
