package io.ringback.media.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * G.711 against the ITU-T tables. Table 2 (mu-law) gives decoder outputs in a 14-bit scale (x4 here),
 * Table 1 (A-law) in a 13-bit scale (x8 here); the character on the line is the table's code with
 * all bits inverted (mu-law) or the even bits inverted (A-law).
 */
class G711Test {

    @Test
    void muLawDecoderOutputsOfTable2() {
        // Segment ends and steps: code -> ITU value (14-bit) x 4.
        assertEquals(0, G711.muLawToLinear((byte) 0xFF));          // +0
        assertEquals(0, G711.muLawToLinear((byte) 0x7F));          // -0
        assertEquals(2 * 4, G711.muLawToLinear((byte) 0xFE));      // segment 1, step 2
        assertEquals(30 * 4, G711.muLawToLinear((byte) 0xF0));     // end of segment 1
        assertEquals(33 * 4, G711.muLawToLinear((byte) 0xEF));     // segment 2 (decisions 31..95), first level 33
        assertEquals(99 * 4, G711.muLawToLinear((byte) 0xDF));     // segment 3 (decisions 95..223), first level 99
        assertEquals(231 * 4, G711.muLawToLinear((byte) 0xCF));    // segment 4 (223..479), first level 231
        assertEquals(495 * 4, G711.muLawToLinear((byte) 0xBF));    // segment 5 (479..991), first level 495
        assertEquals(1023 * 4, G711.muLawToLinear((byte) 0xAF));   // segment 6 (991..2015), first level 1023
        assertEquals(2079 * 4, G711.muLawToLinear((byte) 0x9F));   // segment 7 (2015..4063), first level 2079
        assertEquals(4191 * 4, G711.muLawToLinear((byte) 0x8F));   // segment 8 (4063..8159), first level 4191
        assertEquals(8031 * 4, G711.muLawToLinear((byte) 0x80));   // maximum +8031
        assertEquals(-8031 * 4, G711.muLawToLinear((byte) 0x00));  // maximum -8031
        assertEquals(-33 * 4, G711.muLawToLinear((byte) 0x6F));
    }

    @Test
    void aLawDecoderOutputsOfTable1() {
        // code -> ITU value (13-bit, half steps) x 8: segment 1 outputs 1, 3, ... 31 (x 8 / 2).
        assertEquals(8, G711.aLawToLinear((byte) 0xD5));           // +1/2 step: smallest positive
        assertEquals(-8, G711.aLawToLinear((byte) 0x55));          // smallest negative
        assertEquals(24, G711.aLawToLinear((byte) 0xD4));          // next level
        assertEquals(248, G711.aLawToLinear((byte) 0xDA));         // end of segment 1 (15th step)
        assertEquals(33 * 8, G711.aLawToLinear((byte) 0xC5));      // segment 2 (32..64), first level 33
        assertEquals(66 * 8, G711.aLawToLinear((byte) 0xF5));      // segment 3 (64..128), first level 66
        assertEquals(1056 * 8, G711.aLawToLinear((byte) 0xB5));    // segment 7 (1024..2048), first level 1056
        assertEquals(32256, G711.aLawToLinear((byte) 0xAA));       // maximum +4032 x 8
        assertEquals(-32256, G711.aLawToLinear((byte) 0x2A));      // maximum -4032 x 8
    }

    @Test
    void muLawEncoderDecisionValues() {
        assertEquals((byte) 0xFF, G711.linearToMuLaw(0));
        assertEquals((byte) 0xFF, G711.linearToMuLaw(3));          // below the first decision value (1 x 4)
        assertEquals((byte) 0xFE, G711.linearToMuLaw(4));          // decision value 1
        assertEquals((byte) 0x7F, G711.linearToMuLaw(-1));         // negative zero
        assertEquals((byte) 0x80, G711.linearToMuLaw(32767));      // clipped at the top
        assertEquals((byte) 0x00, G711.linearToMuLaw(-32768));
        assertEquals((byte) 0xEF, G711.linearToMuLaw(31 * 4));     // decision 31 opens segment 2
        assertEquals((byte) 0xF0, G711.linearToMuLaw(31 * 4 - 1));
    }

    @Test
    void aLawEncoderDecisionValues() {
        assertEquals((byte) 0xD5, G711.linearToALaw(0));
        assertEquals((byte) 0xD5, G711.linearToALaw(15));
        assertEquals((byte) 0xD4, G711.linearToALaw(16));          // decision value 2 x 8
        assertEquals((byte) 0x55, G711.linearToALaw(-1));
        assertEquals((byte) 0xAA, G711.linearToALaw(32767));
        assertEquals((byte) 0x2A, G711.linearToALaw(-32768));
        assertEquals((byte) 0xC5, G711.linearToALaw(256));         // 32 x 8 opens segment 2
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            byte expectedMu = code == 0x7F ? (byte) 0xFF : c; // -0 and +0 decode to the same 0
            assertEquals(expectedMu, G711.linearToMuLaw(G711.muLawToLinear(c)), "mu-law code " + code);
            assertEquals(c, G711.linearToALaw(G711.aLawToLinear(c)), "A-law code " + code);
        }
    }

    @Test
    void transcodingKeepsTheSignalWithinOneStep() {
        // Through linear: mu-law 0 becomes A-law's smallest positive level; A-law +8 is mu-law level 1 (+8).
        assertArrayEquals(new byte[] {(byte) 0xD5}, G711.transcode(Law.PCMU, Law.PCMA, new byte[] {(byte) 0xFF}));
        assertArrayEquals(new byte[] {(byte) 0xFE}, G711.transcode(Law.PCMA, Law.PCMU, new byte[] {(byte) 0xD5}));
        for (int code = 0; code < 256; code++) {
            int linear = G711.muLawToLinear((byte) code);
            int back = G711.aLawToLinear(G711.transcode(Law.PCMU, Law.PCMA, new byte[] {(byte) code})[0]);
            // Worst A-law step is 1024 (segment 7, x 8 / 2 = 512 each side).
            assertEquals(linear, back, Math.max(16, Math.abs(linear) / 16.0), "mu-law code " + code);
        }
        byte[] same = {1, 2, 3};
        assertArrayEquals(same, G711.transcode(Law.PCMA, Law.PCMA, same));
    }

    @Test
    void wholePayloadsEncodeAndDecode() {
        short[] samples = {0, 1000, -1000, 32000};
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xCE, (byte) 0x4E, (byte) 0x80},
                G711.encode(Law.PCMU, samples));
        assertArrayEquals(new short[] {0, 988, -988, 32124},
                G711.decode(Law.PCMU, G711.encode(Law.PCMU, samples)));
    }
}
