package io.ringback.media.codec;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

    /** G.711 Table 3 (mu-law to A-law) expanded to the 256 line codes: index mu-law code, value A-law code. */
    private static final byte[] MU_TO_A = {
            0x2A, 0x2B, 0x28, 0x29, 0x2E, 0x2F, 0x2C, 0x2D, 0x22, 0x23, 0x20, 0x21, 0x26, 0x27, 0x24, 0x25,
            0x3A, 0x3B, 0x38, 0x39, 0x3E, 0x3F, 0x3C, 0x3D, 0x32, 0x33, 0x30, 0x31, 0x36, 0x37, 0x34, 0x35,
            0x0A, 0x0B, 0x08, 0x09, 0x0E, 0x0F, 0x0C, 0x0D, 0x02, 0x03, 0x00, 0x01, 0x06, 0x07, 0x04, 0x1A,
            0x1B, 0x18, 0x19, 0x1E, 0x1F, 0x1C, 0x1D, 0x12, 0x13, 0x10, 0x11, 0x16, 0x17, 0x14, 0x15, 0x6A,
            0x68, 0x69, 0x6E, 0x6F, 0x6C, 0x6D, 0x62, 0x63, 0x60, 0x61, 0x66, 0x67, 0x64, 0x65, 0x7A, 0x78,
            0x7E, 0x7F, 0x7C, 0x7D, 0x72, 0x73, 0x70, 0x71, 0x76, 0x77, 0x74, 0x75, 0x4B, 0x49, 0x4F, 0x4D,
            0x42, 0x43, 0x40, 0x41, 0x46, 0x47, 0x44, 0x45, 0x5A, 0x5B, 0x58, 0x59, 0x5E, 0x5F, 0x5C, 0x5D,
            0x52, 0x52, 0x53, 0x53, 0x50, 0x50, 0x51, 0x51, 0x56, 0x56, 0x57, 0x57, 0x54, 0x54, 0x55, 0x55,
            (byte) 0xAA, (byte) 0xAB, (byte) 0xA8, (byte) 0xA9, (byte) 0xAE, (byte) 0xAF, (byte) 0xAC, (byte) 0xAD, (byte) 0xA2, (byte) 0xA3, (byte) 0xA0, (byte) 0xA1, (byte) 0xA6, (byte) 0xA7, (byte) 0xA4, (byte) 0xA5,
            (byte) 0xBA, (byte) 0xBB, (byte) 0xB8, (byte) 0xB9, (byte) 0xBE, (byte) 0xBF, (byte) 0xBC, (byte) 0xBD, (byte) 0xB2, (byte) 0xB3, (byte) 0xB0, (byte) 0xB1, (byte) 0xB6, (byte) 0xB7, (byte) 0xB4, (byte) 0xB5,
            (byte) 0x8A, (byte) 0x8B, (byte) 0x88, (byte) 0x89, (byte) 0x8E, (byte) 0x8F, (byte) 0x8C, (byte) 0x8D, (byte) 0x82, (byte) 0x83, (byte) 0x80, (byte) 0x81, (byte) 0x86, (byte) 0x87, (byte) 0x84, (byte) 0x9A,
            (byte) 0x9B, (byte) 0x98, (byte) 0x99, (byte) 0x9E, (byte) 0x9F, (byte) 0x9C, (byte) 0x9D, (byte) 0x92, (byte) 0x93, (byte) 0x90, (byte) 0x91, (byte) 0x96, (byte) 0x97, (byte) 0x94, (byte) 0x95, (byte) 0xEA,
            (byte) 0xE8, (byte) 0xE9, (byte) 0xEE, (byte) 0xEF, (byte) 0xEC, (byte) 0xED, (byte) 0xE2, (byte) 0xE3, (byte) 0xE0, (byte) 0xE1, (byte) 0xE6, (byte) 0xE7, (byte) 0xE4, (byte) 0xE5, (byte) 0xFA, (byte) 0xF8,
            (byte) 0xFE, (byte) 0xFF, (byte) 0xFC, (byte) 0xFD, (byte) 0xF2, (byte) 0xF3, (byte) 0xF0, (byte) 0xF1, (byte) 0xF6, (byte) 0xF7, (byte) 0xF4, (byte) 0xF5, (byte) 0xCB, (byte) 0xC9, (byte) 0xCF, (byte) 0xCD,
            (byte) 0xC2, (byte) 0xC3, (byte) 0xC0, (byte) 0xC1, (byte) 0xC6, (byte) 0xC7, (byte) 0xC4, (byte) 0xC5, (byte) 0xDA, (byte) 0xDB, (byte) 0xD8, (byte) 0xD9, (byte) 0xDE, (byte) 0xDF, (byte) 0xDC, (byte) 0xDD,
            (byte) 0xD2, (byte) 0xD2, (byte) 0xD3, (byte) 0xD3, (byte) 0xD0, (byte) 0xD0, (byte) 0xD1, (byte) 0xD1, (byte) 0xD6, (byte) 0xD6, (byte) 0xD7, (byte) 0xD7, (byte) 0xD4, (byte) 0xD4, (byte) 0xD5, (byte) 0xD5,
    };

    /** G.711 Table 4 (A-law to mu-law) expanded to the 256 line codes: index A-law code, value mu-law code. */
    private static final byte[] A_TO_MU = {
            0x2A, 0x2B, 0x28, 0x29, 0x2E, 0x2F, 0x2C, 0x2D, 0x22, 0x23, 0x20, 0x21, 0x26, 0x27, 0x24, 0x25,
            0x39, 0x3A, 0x37, 0x38, 0x3D, 0x3E, 0x3B, 0x3C, 0x31, 0x32, 0x2F, 0x30, 0x35, 0x36, 0x33, 0x34,
            0x0A, 0x0B, 0x08, 0x09, 0x0E, 0x0F, 0x0C, 0x0D, 0x02, 0x03, 0x00, 0x01, 0x06, 0x07, 0x04, 0x05,
            0x1A, 0x1B, 0x18, 0x19, 0x1E, 0x1F, 0x1C, 0x1D, 0x12, 0x13, 0x10, 0x11, 0x16, 0x17, 0x14, 0x15,
            0x62, 0x63, 0x60, 0x61, 0x66, 0x67, 0x64, 0x65, 0x5D, 0x5D, 0x5C, 0x5C, 0x5F, 0x5F, 0x5E, 0x5E,
            0x74, 0x76, 0x70, 0x72, 0x7C, 0x7E, 0x78, 0x7A, 0x6A, 0x6B, 0x68, 0x69, 0x6E, 0x6F, 0x6C, 0x6D,
            0x48, 0x49, 0x46, 0x47, 0x4C, 0x4D, 0x4A, 0x4B, 0x40, 0x41, 0x3F, 0x3F, 0x44, 0x45, 0x42, 0x43,
            0x56, 0x57, 0x54, 0x55, 0x5A, 0x5B, 0x58, 0x59, 0x4F, 0x4F, 0x4E, 0x4E, 0x52, 0x53, 0x50, 0x51,
            (byte) 0xAA, (byte) 0xAB, (byte) 0xA8, (byte) 0xA9, (byte) 0xAE, (byte) 0xAF, (byte) 0xAC, (byte) 0xAD, (byte) 0xA2, (byte) 0xA3, (byte) 0xA0, (byte) 0xA1, (byte) 0xA6, (byte) 0xA7, (byte) 0xA4, (byte) 0xA5,
            (byte) 0xB9, (byte) 0xBA, (byte) 0xB7, (byte) 0xB8, (byte) 0xBD, (byte) 0xBE, (byte) 0xBB, (byte) 0xBC, (byte) 0xB1, (byte) 0xB2, (byte) 0xAF, (byte) 0xB0, (byte) 0xB5, (byte) 0xB6, (byte) 0xB3, (byte) 0xB4,
            (byte) 0x8A, (byte) 0x8B, (byte) 0x88, (byte) 0x89, (byte) 0x8E, (byte) 0x8F, (byte) 0x8C, (byte) 0x8D, (byte) 0x82, (byte) 0x83, (byte) 0x80, (byte) 0x81, (byte) 0x86, (byte) 0x87, (byte) 0x84, (byte) 0x85,
            (byte) 0x9A, (byte) 0x9B, (byte) 0x98, (byte) 0x99, (byte) 0x9E, (byte) 0x9F, (byte) 0x9C, (byte) 0x9D, (byte) 0x92, (byte) 0x93, (byte) 0x90, (byte) 0x91, (byte) 0x96, (byte) 0x97, (byte) 0x94, (byte) 0x95,
            (byte) 0xE2, (byte) 0xE3, (byte) 0xE0, (byte) 0xE1, (byte) 0xE6, (byte) 0xE7, (byte) 0xE4, (byte) 0xE5, (byte) 0xDD, (byte) 0xDD, (byte) 0xDC, (byte) 0xDC, (byte) 0xDF, (byte) 0xDF, (byte) 0xDE, (byte) 0xDE,
            (byte) 0xF4, (byte) 0xF6, (byte) 0xF0, (byte) 0xF2, (byte) 0xFC, (byte) 0xFE, (byte) 0xF8, (byte) 0xFA, (byte) 0xEA, (byte) 0xEB, (byte) 0xE8, (byte) 0xE9, (byte) 0xEE, (byte) 0xEF, (byte) 0xEC, (byte) 0xED,
            (byte) 0xC8, (byte) 0xC9, (byte) 0xC6, (byte) 0xC7, (byte) 0xCC, (byte) 0xCD, (byte) 0xCA, (byte) 0xCB, (byte) 0xC0, (byte) 0xC1, (byte) 0xBF, (byte) 0xBF, (byte) 0xC4, (byte) 0xC5, (byte) 0xC2, (byte) 0xC3,
            (byte) 0xD6, (byte) 0xD7, (byte) 0xD4, (byte) 0xD5, (byte) 0xDA, (byte) 0xDB, (byte) 0xD8, (byte) 0xD9, (byte) 0xCF, (byte) 0xCF, (byte) 0xCE, (byte) 0xCE, (byte) 0xD2, (byte) 0xD3, (byte) 0xD0, (byte) 0xD1,
    };

    @Test
    void transcodingFollowsTheConversionTablesOfG711() {
        byte[] everyCode = new byte[256];
        for (int code = 0; code < 256; code++) {
            everyCode[code] = (byte) code;
        }
        assertArrayEquals(MU_TO_A, G711.transcode(Law.PCMU, Law.PCMA, everyCode));
        assertArrayEquals(A_TO_MU, G711.transcode(Law.PCMA, Law.PCMU, everyCode));
        byte[] same = {1, 2, 3};
        assertArrayEquals(same, G711.transcode(Law.PCMA, Law.PCMA, same));
    }

    @Test
    void aLawToMuLawAndBackIsTheIdentityExceptWhereTwoALawLevelsShareAMuLawLevel() {
        // Table 4 maps A-law levels 24/25, 26/27, 28/29, 30/31, 44/45, 46/47, 62/63 and 79/80 (0 the
        // smallest magnitude) to one mu-law level each; Table 3 brings that level back to one of the two.
        Set<Integer> shared = Set.of(25, 27, 29, 31, 44, 46, 62, 80);
        for (int code = 0; code < 256; code++) {
            byte a = (byte) code;
            byte back = G711.transcode(Law.PCMU, Law.PCMA, G711.transcode(Law.PCMA, Law.PCMU, new byte[] {a}))[0];
            if (shared.contains((code ^ 0x55) & 0x7F)) {
                assertNotEquals(a, back, "A-law code " + code);
            } else {
                assertEquals(a, back, "A-law code " + code);
            }
        }
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
