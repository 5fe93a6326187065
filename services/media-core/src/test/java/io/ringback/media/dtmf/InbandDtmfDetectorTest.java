package io.ringback.media.dtmf;

import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ringback.media.dtmf.Tones.concat;
import static io.ringback.media.dtmf.Tones.dtmf;
import static io.ringback.media.dtmf.Tones.silence;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InbandDtmfDetectorTest {

    /** Runs the detector the way an endpoint does: 20 ms packets, through G.711 and back. */
    static String detect(short[] signal, Law law) {
        InbandDtmfDetector detector = new InbandDtmfDetector();
        List<DtmfDigit> digits = new ArrayList<>();
        for (int at = 0; at < signal.length; at += 160) {
            short[] frame = new short[160];
            System.arraycopy(signal, at, frame, 0, Math.min(160, signal.length - at));
            digits.addAll(detector.onSamples(G711.decode(law, G711.encode(law, frame))));
        }
        return TelephoneEventTest.text(digits);
    }

    @Test
    void everyKeyOfTheKeypadIsDetectedOnceInBothLaws() {
        for (Law law : Law.values()) {
            List<short[]> parts = new ArrayList<>();
            for (char key : Tones.KEYPAD.toCharArray()) {
                parts.add(dtmf(key, 80));
                parts.add(silence(60));
            }
            assertEquals(Tones.KEYPAD, detect(concat(parts.toArray(new short[0][])), law), law.name());
        }
    }

    @Test
    void aLongPressIsOneDigitAndTheSameKeyAfterAPauseIsAnother() {
        assertEquals("5", detect(concat(silence(30), dtmf('5', 1500), silence(100)), Law.PCMU));
        assertEquals("55", detect(concat(dtmf('5', 60), silence(45), dtmf('5', 60)), Law.PCMU));
    }

    @Test
    void durationFortyMillisecondsIsAcceptedTwentyIsRejectedAtEveryAlignment() {
        for (int shift = 0; shift < 53; shift += 7) {
            assertEquals("7", detect(concat(silence(0), new short[shift], dtmf('7', 40), silence(60)), Law.PCMU),
                    "40 ms at shift " + shift);
            assertEquals("", detect(concat(new short[shift], dtmf('7', 20), silence(60)), Law.PCMU),
                    "20 ms at shift " + shift);
        }
    }

    @Test
    void frequencyWithinOnePointFivePercentIsAcceptedBeyondThreePointFiveRejected() {
        for (char key : Tones.KEYPAD.toCharArray()) {
            for (double offset : new double[] {-0.015, 0.015}) {
                assertEquals(String.valueOf(key), detect(dtmf(key, 60, -10, -10, offset, 0), Law.PCMU), key + " low " + offset);
                assertEquals(String.valueOf(key), detect(dtmf(key, 60, -10, -10, 0, offset), Law.PCMU), key + " high " + offset);
            }
            for (double offset : new double[] {-0.035, 0.035}) {
                assertEquals("", detect(dtmf(key, 200, -10, -10, offset, 0), Law.PCMU), key + " low " + offset);
                assertEquals("", detect(dtmf(key, 200, -10, -10, 0, offset), Law.PCMU), key + " high " + offset);
            }
        }
    }

    @Test
    void twistUpToEightDbNormalAndFourDbReverseIsAcceptedBeyondRejected() {
        // Normal twist: the low-group tone louder, up to 8 dB.
        assertEquals("9", detect(dtmf('9', 80, -9, -16, 0, 0), Law.PCMA));
        assertEquals("", detect(dtmf('9', 200, -9, -20, 0, 0), Law.PCMA));
        // Reverse twist: the high-group tone louder, up to 4 dB.
        assertEquals("9", detect(dtmf('9', 80, -12.5, -9, 0, 0), Law.PCMA));
        assertEquals("", detect(dtmf('9', 200, -15, -9, 0, 0), Law.PCMA));
        assertEquals("", detect(dtmf('9', 200, -16, -9, 0, 0), Law.PCMA));
    }

    @Test
    void levelDownToMinusTwentyFiveDbm0IsAcceptedMinusFortyIsNot() {
        assertEquals("0", detect(dtmf('0', 60, -25, -25, 0, 0), Law.PCMU));
        assertEquals("", detect(dtmf('0', 200, -40, -40, 0, 0), Law.PCMU));
    }

    @Test
    void digitsSurviveNoiseAndNoiseAloneGivesNothing() {
        short[] digits = concat(dtmf('1', 60), silence(60), dtmf('#', 60), silence(60), dtmf('D', 60));
        assertEquals("1#D", detect(Tones.withNoise(digits, -30, 1), Law.PCMU)); // SNR 20 dB per tone
        assertEquals("", detect(Tones.withNoise(silence(10_000), -10, 2), Law.PCMU));
    }

    @Test
    void singleTonesAndDialToneAreNotDigits() {
        short[] tone = new short[8000];
        short[] dial = new short[8000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (10000 * Math.sin(2 * Math.PI * 941 * i / 8000.0));
            // 350 + 440 Hz, the North American dial tone; 425 Hz is the European one.
            dial[i] = (short) (8000 * Math.sin(2 * Math.PI * 350 * i / 8000.0) + 8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        assertEquals("", detect(tone, Law.PCMU));
        assertEquals("", detect(dial, Law.PCMU));
    }
}
