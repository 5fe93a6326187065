package io.ringback.media.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundRtpStreamTest {

    private static final byte[] FRAME = new byte[160];

    @Test
    void keepsOneSsrcAndContinuousNumbersFromPromptToBridgeAndBack() {
        OutboundRtpStream stream = new OutboundRtpStream(0x1234L, 65534, 0xFFFF_FF00L);
        RtpPacket p1 = stream.own(0, FRAME, 0);
        RtpPacket p2 = stream.own(0, FRAME, 160);
        assertTrue(p1.marker());
        assertFalse(p2.marker());
        assertEquals(65534, p1.sequence());
        assertEquals(65535, p2.sequence());
        assertEquals(0xFFFF_FF00L, p1.timestamp());
        assertEquals(0xFFFF_FFA0L, p2.timestamp());

        stream.sourceChanged();
        // The other leg's packets have their own numbering; 60 ms pass before the first one.
        RtpPacket b1 = stream.relay(new RtpPacket(false, 8, 500, 90_000, 0x9999, FRAME), 0, FRAME, 640);
        RtpPacket b2 = stream.relay(new RtpPacket(false, 8, 502, 90_320, 0x9999, FRAME), 0, FRAME, 960);
        assertEquals(0x1234L, b1.ssrc());
        assertTrue(b1.marker());
        assertEquals(0, b1.sequence());                 // 65535 + 1 wraps
        assertEquals((0xFFFF_FFA0L + 480) & 0xFFFF_FFFFL, b1.timestamp()); // 60 ms later than p2
        assertEquals(2, b2.sequence());                 // the far end's loss of 501 stays visible
        assertEquals(b1.timestamp() + 320, b2.timestamp());
        assertFalse(b2.marker());

        stream.sourceChanged();
        RtpPacket p3 = stream.own(0, FRAME, 1120);
        assertEquals(3, p3.sequence());
        assertEquals(b2.timestamp() + 160, p3.timestamp());
        assertEquals(0x1234L, p3.ssrc());
        assertTrue(p3.marker());
    }

    @Test
    void aNewSsrcOnTheBridgedLegIsTranslatedLikeASourceChange() {
        OutboundRtpStream stream = new OutboundRtpStream(1, 10, 1000);
        stream.relay(new RtpPacket(false, 0, 7, 7000, 1, FRAME), 0, FRAME, 0);
        RtpPacket afterRestart = stream.relay(new RtpPacket(false, 0, 40000, 123, 2, FRAME), 0, FRAME, 160);
        assertEquals(11, afterRestart.sequence());
        assertEquals(1160, afterRestart.timestamp());
    }
}
