package io.ringback.media.dtmf;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelephoneEventTest {

    @Test
    void parsesAndWritesThePayloadFieldByField() {
        byte[] golden = {
                0x05,             // event 5 (digit '5')
                (byte) 0x8A,      // E=1, R=0, volume 10 (-10 dBm0)
                0x03, (byte) 0x20 // duration 800 (100 ms at 8 kHz)
        };
        TelephoneEvent event = TelephoneEvent.parse(golden).orElseThrow();
        assertEquals(5, event.event());
        assertTrue(event.end());
        assertEquals(10, event.volume());
        assertEquals(800, event.duration());
        assertArrayEquals(golden, event.toBytes());
        assertArrayEquals(new byte[] {0x0B, 0x3F, (byte) 0xFF, (byte) 0xFF},
                new TelephoneEvent(11, false, 63, 65535).toBytes()); // '#', not end, -63 dBm0, max duration
        assertTrue(TelephoneEvent.parse(new byte[] {1, 2, 3}).isEmpty());
        // The reserved R bit is ignored on input.
        assertEquals(10, TelephoneEvent.parse(new byte[] {1, (byte) 0xCA, 0, 0}).orElseThrow().volume());
    }

    @Test
    void onePressIsOneDigitHoweverManyUpdatesAndEndRepeats() {
        TelephoneEventDetector detector = new TelephoneEventDetector();
        List<DtmfDigit> digits = new ArrayList<>();
        // RFC 4733 §2.5: start (M bit on the RTP packet), updates every 20 ms, three end packets.
        for (int duration = 160; duration <= 800; duration += 160) {
            digits.addAll(detector.onPacket(1000, new TelephoneEvent(1, false, 10, duration)));
        }
        assertEquals(List.of(), digits);
        for (int i = 0; i < 3; i++) {
            digits.addAll(detector.onPacket(1000, new TelephoneEvent(1, true, 10, 960)));
        }
        assertEquals(List.of(new DtmfDigit('1', DtmfMethod.RFC4733, 120)), digits);
    }

    @Test
    void theSameKeyPressedTwiceIsTwoDigitsBecauseTheTimestampChanges() {
        TelephoneEventDetector detector = new TelephoneEventDetector();
        List<DtmfDigit> digits = new ArrayList<>();
        digits.addAll(detector.onPacket(1000, new TelephoneEvent(2, false, 10, 160)));
        digits.addAll(detector.onPacket(1000, new TelephoneEvent(2, true, 10, 640)));
        digits.addAll(detector.onPacket(1000, new TelephoneEvent(2, true, 10, 640)));
        digits.addAll(detector.onPacket(3000, new TelephoneEvent(2, false, 10, 160)));
        digits.addAll(detector.onPacket(3000, new TelephoneEvent(2, true, 10, 640)));
        assertEquals("22", text(digits));
    }

    @Test
    void lostStartAndLostEndsStillGiveEachDigitOnce() {
        TelephoneEventDetector detector = new TelephoneEventDetector();
        List<DtmfDigit> digits = new ArrayList<>();
        // '7': start lost, only an update and one end arrive.
        digits.addAll(detector.onPacket(8000, new TelephoneEvent(7, false, 10, 480)));
        digits.addAll(detector.onPacket(8000, new TelephoneEvent(7, true, 10, 800)));
        // '8': all three end packets lost; the next event ('9') closes it.
        digits.addAll(detector.onPacket(16000, new TelephoneEvent(8, false, 10, 160)));
        digits.addAll(detector.onPacket(16000, new TelephoneEvent(8, false, 10, 320)));
        digits.addAll(detector.onPacket(24000, new TelephoneEvent(9, false, 10, 160)));
        // A late, reordered end packet of '8' does not bring it back.
        digits.addAll(detector.onPacket(16000, new TelephoneEvent(8, true, 10, 640)));
        assertEquals("78", text(digits));
        // '9': ends lost and no next event; audio moves on past 200 ms of silence.
        assertTrue(detector.expire(24000 + 160 + 1600).isEmpty());
        assertEquals(new DtmfDigit('9', DtmfMethod.RFC4733, 20), detector.expire(24000 + 160 + 1601).orElseThrow());
        assertTrue(detector.expire(99999).isEmpty());
    }

    @Test
    void aStartThatIsAlsoTheEndAfterALostEndYieldsBothDigits() {
        TelephoneEventDetector detector = new TelephoneEventDetector();
        detector.onPacket(100, new TelephoneEvent(3, false, 10, 160));
        assertEquals("34", text(detector.onPacket(2000, new TelephoneEvent(4, true, 10, 800))));
    }

    @Test
    void eventsThatAreNotDtmfAreIgnored() {
        TelephoneEventDetector detector = new TelephoneEventDetector();
        assertEquals(List.of(), detector.onPacket(100, new TelephoneEvent(16, true, 10, 800))); // flash
        assertEquals(List.of(), detector.onPacket(200, new TelephoneEvent(32, true, 10, 800))); // modem tone
    }

    static String text(List<DtmfDigit> digits) {
        StringBuilder out = new StringBuilder();
        digits.forEach(d -> out.append(d.digit()));
        return out.toString();
    }

    @Test
    void anEventWhoseEndIsLostExpiresAcrossTheTimestampWrap() {
        TelephoneEventDetector detector = new TelephoneEventDetector();
        assertEquals(List.of(), detector.onPacket(0xFFFF_FE00L, new TelephoneEvent(3, false, 10, 160)));
        // 0xFFFF_FEA0 was the last instant of the event: 608 samples later is not yet 200 ms.
        assertTrue(detector.expire(0x0000_0100L).isEmpty());
        assertEquals("3", text(detector.expire(0x0000_0800L).stream().toList()));
    }
}
