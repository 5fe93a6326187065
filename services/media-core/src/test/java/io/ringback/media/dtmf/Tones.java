package io.ringback.media.dtmf;

import java.util.Random;

/** Test signals: DTMF pairs at a given level, offset, twist and noise, as 8 kHz linear samples. */
final class Tones {

    static final double[] LOW = {697, 770, 852, 941};
    static final double[] HIGH = {1209, 1336, 1477, 1633};
    static final String KEYPAD = "123A456B789C*0#D";
    /** Peak amplitude of a 0 dBm0 sine in 16-bit G.711 linear. */
    static final double ZERO_DBM0 = 22651;

    private Tones() {
    }

    /** A pair at nominal frequencies times (1 + offset), each tone at the given level. */
    static short[] dtmf(char digit, int ms, double lowDbm0, double highDbm0, double lowOffset, double highOffset) {
        int index = KEYPAD.indexOf(digit);
        double low = LOW[index / 4] * (1 + lowOffset);
        double high = HIGH[index % 4] * (1 + highOffset);
        int n = ms * 8;
        short[] out = new short[n];
        double a = ZERO_DBM0 * Math.pow(10, lowDbm0 / 20);
        double b = ZERO_DBM0 * Math.pow(10, highDbm0 / 20);
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(a * Math.sin(2 * Math.PI * low * i / 8000.0 + 0.3)
                    + b * Math.sin(2 * Math.PI * high * i / 8000.0 + 1.1));
        }
        return out;
    }

    static short[] dtmf(char digit, int ms) {
        return dtmf(digit, ms, -10, -10, 0, 0);
    }

    static short[] silence(int ms) {
        return new short[ms * 8];
    }

    static short[] concat(short[]... parts) {
        int length = 0;
        for (short[] part : parts) {
            length += part.length;
        }
        short[] out = new short[length];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Adds white Gaussian noise at the given level (dBm0 rms relative to a 0 dBm0 sine). */
    static short[] withNoise(short[] signal, double noiseDbm0, long seed) {
        Random random = new Random(seed);
        double sigma = ZERO_DBM0 / Math.sqrt(2) * Math.pow(10, noiseDbm0 / 20);
        short[] out = new short[signal.length];
        for (int i = 0; i < signal.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(signal[i] + random.nextGaussian() * sigma)));
        }
        return out;
    }
}
