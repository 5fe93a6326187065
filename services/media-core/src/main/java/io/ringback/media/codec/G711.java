package io.ringback.media.codec;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit mu-law (PCMU, RTP PT 0) or A-law
 * (PCMA, RTP PT 8). Linear values are the 14-bit (mu-law) or 13-bit (A-law) values of the G.711
 * tables scaled to 16 bits (times 4 and times 8), the convention of RTP stacks.
 *
 * <p>Transcoding between the laws uses G.711's own conversion tables (Table 3, mu-law to A-law, and
 * Table 4, A-law to mu-law), not a round trip through linear, which differs from them for some
 * levels; lookup tables make each direction a single array read per sample.
 */
public final class G711 {

    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 32635;

    private static final short[] MU_TO_LINEAR = new short[256];
    private static final short[] A_TO_LINEAR = new short[256];
    private static final byte[] MU_TO_A = new byte[256];
    private static final byte[] A_TO_MU = new byte[256];

    /**
     * G.711 Table 3: for each mu-law magnitude level (0 the smallest, 127 the largest, i.e. the
     * code without sign and line inversion) the A-law magnitude level it converts to.
     */
    private static final int[] MU_LEVEL_TO_A_LEVEL = {
            0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
            8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
            24, 26, 28, 30, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
            45, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
            63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78,
            79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
            96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
            112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
    };

    /** G.711 Table 4: for each A-law magnitude level the mu-law magnitude level it converts to. */
    private static final int[] A_LEVEL_TO_MU_LEVEL = {
            1, 3, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23,
            24, 25, 26, 27, 28, 29, 30, 31, 32, 32, 33, 33, 34, 34, 35, 35,
            36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 48, 49, 49,
            50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 64,
            65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
            80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
            96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
            112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
    };

    static {
        for (int code = 0; code < 256; code++) {
            MU_TO_LINEAR[code] = (short) computeMuLawToLinear(code);
            A_TO_LINEAR[code] = (short) computeALawToLinear(code);
            // On the line bit 7 set means positive in both laws; mu-law inverts all bits, A-law the even ones.
            boolean positive = (code & 0x80) != 0;
            int aLevel = MU_LEVEL_TO_A_LEVEL[(code ^ 0xFF) & 0x7F];
            MU_TO_A[code] = (byte) (((positive ? 0x80 : 0) | aLevel) ^ 0x55);
            int muLevel = A_LEVEL_TO_MU_LEVEL[(code ^ 0x55) & 0x7F];
            A_TO_MU[code] = (byte) (((positive ? 0 : 0x80) | muLevel) ^ 0xFF);
        }
    }

    private G711() {
    }

    /** G.711 §3 (mu-law): 8 segments, bias 33 (x4 = 132), all bits inverted on the line. */
    public static byte linearToMuLaw(int sample) {
        int pcm = Math.max(-32768, Math.min(32767, sample));
        int sign = pcm < 0 ? 0x80 : 0;
        int magnitude = Math.min(sign != 0 ? -pcm : pcm, MU_CLIP) + MU_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static int muLawToLinear(byte code) {
        return MU_TO_LINEAR[code & 0xFF];
    }

    private static int computeMuLawToLinear(int code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = ((mantissa << 3) + MU_BIAS) << exponent;
        return (u & 0x80) != 0 ? MU_BIAS - magnitude : magnitude - MU_BIAS;
    }

    /** G.711 §2 (A-law): segment 0 and 1 linear, even bits inverted on the line (XOR 0x55). */
    public static byte linearToALaw(int sample) {
        int pcm = Math.max(-32768, Math.min(32767, sample)) >> 3;
        int sign = pcm >= 0 ? 0x80 : 0;
        int magnitude = pcm >= 0 ? pcm : -pcm - 1;
        int code;
        if (magnitude < 32) {
            code = magnitude >> 1;
        } else {
            int segment = 1;
            for (int m = magnitude >> 5; m > 1 && segment < 7; m >>= 1) {
                segment++;
            }
            code = (segment << 4) | ((magnitude >> segment) & 0x0F);
        }
        return (byte) ((sign | code) ^ 0x55);
    }

    public static int aLawToLinear(byte code) {
        return A_TO_LINEAR[code & 0xFF];
    }

    private static int computeALawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int segment = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    /** Decodes a whole payload to linear samples. */
    public static short[] decode(Law law, byte[] payload) {
        short[] table = law == Law.PCMU ? MU_TO_LINEAR : A_TO_LINEAR;
        short[] out = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = table[payload[i] & 0xFF];
        }
        return out;
    }

    /** Encodes linear samples to a payload. */
    public static byte[] encode(Law law, short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = law == Law.PCMU ? linearToMuLaw(samples[i]) : linearToALaw(samples[i]);
        }
        return out;
    }

    /** Converts a payload from one law to the other (a copy when the laws are the same). */
    public static byte[] transcode(Law from, Law to, byte[] payload) {
        if (from == to) {
            return payload.clone();
        }
        byte[] table = from == Law.PCMU ? MU_TO_A : A_TO_MU;
        byte[] out = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = table[payload[i] & 0xFF];
        }
        return out;
    }
}
