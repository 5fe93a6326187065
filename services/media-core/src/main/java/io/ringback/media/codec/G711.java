package io.ringback.media.codec;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit mu-law (PCMU, RTP PT 0) or A-law
 * (PCMA, RTP PT 8). Linear values are the 14-bit (mu-law) or 13-bit (A-law) values of the G.711
 * tables scaled to 16 bits (times 4 and times 8), the convention of RTP stacks.
 *
 * <p>Transcoding between the laws goes through linear; lookup tables make each direction a single
 * array read per sample.
 */
public final class G711 {

    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 32635;

    private static final short[] MU_TO_LINEAR = new short[256];
    private static final short[] A_TO_LINEAR = new short[256];
    private static final byte[] MU_TO_A = new byte[256];
    private static final byte[] A_TO_MU = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            MU_TO_LINEAR[i] = (short) computeMuLawToLinear(i);
            A_TO_LINEAR[i] = (short) computeALawToLinear(i);
        }
        for (int i = 0; i < 256; i++) {
            MU_TO_A[i] = linearToALaw(MU_TO_LINEAR[i]);
            A_TO_MU[i] = linearToMuLaw(A_TO_LINEAR[i]);
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
