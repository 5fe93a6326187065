package io.ringback.media.dtmf;

import java.util.ArrayList;
import java.util.List;

/**
 * Detects DTMF tones in 8 kHz linear audio with the Goertzel algorithm, with acceptance in the
 * style of ITU-T Q.24 (and ETSI ES 201 235-3):
 * <ul>
 *   <li>frequency: each tone within {@value #FREQUENCY_TOLERANCE_PERCENT}% of nominal (Q.24 accepts
 *       &plusmn;1.5% and rejects beyond &plusmn;3.5%); the frequency is measured from the phase
 *       advance of the Goertzel output between overlapping windows, not guessed from power alone;</li>
 *   <li>duration: a digit needs {@value #WINDOWS_TO_ACCEPT} consecutive valid windows (hop 53
 *       samples, window 106): a 40 ms tone is always accepted, a 20 ms tone never;</li>
 *   <li>twist: the high-group tone may be up to 8 dB above the low-group tone (normal twist) and up
 *       to 4 dB below it (reverse twist);</li>
 *   <li>level: each tone at least -30 dBm0;</li>
 *   <li>purity: the two tones hold at least 65% of the window's energy, which speech and music do
 *       not sustain;</li>
 *   <li>pause: after a digit, {@value #WINDOWS_TO_RELEASE} windows without it (about 40 ms) before the
 *       same digit counts again.</li>
 * </ul>
 * A digit is reported once, when accepted, with duration 0 (unknown at that moment). Not
 * thread-safe: one endpoint's receive thread owns it.
 */
public final class InbandDtmfDetector {

    static final int SAMPLE_RATE = 8000;
    static final int WINDOW = 106;
    static final int HOP = 53;
    static final double FREQUENCY_TOLERANCE_PERCENT = 2.5;
    static final int WINDOWS_TO_ACCEPT = 4;
    static final int WINDOWS_TO_RELEASE = 4;

    private static final double[] FREQUENCIES = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
    private static final String KEYPAD = "123A456B789C*0#D";
    /** Normal twist, 8 dB: the low-group tone may be this much stronger (power ratio). */
    private static final double NORMAL_TWIST = Math.pow(10, 8 / 10.0);
    /** Reverse twist, 4 dB: the high-group tone may be this much stronger (power ratio). */
    private static final double REVERSE_TWIST = Math.pow(10, 4 / 10.0);
    private static final double MIN_PURITY = 0.65;
    /** 0 dBm0 for G.711 is a sine of peak 22 651 in 16-bit linear (3.17 dBm0 is full scale). */
    private static final double MIN_TONE_AMPLITUDE = 22651 * Math.pow(10, -30 / 20.0);

    private static final double[] COEFFICIENTS = new double[FREQUENCIES.length];
    private static final double[] COS = new double[FREQUENCIES.length];
    private static final double[] SIN = new double[FREQUENCIES.length];

    static {
        for (int i = 0; i < FREQUENCIES.length; i++) {
            double omega = 2 * Math.PI * FREQUENCIES[i] / SAMPLE_RATE;
            COEFFICIENTS[i] = 2 * Math.cos(omega);
            COS[i] = Math.cos(omega);
            SIN[i] = Math.sin(omega);
        }
    }

    private final double[] window = new double[WINDOW];
    private int filled;

    private final double[] re = new double[FREQUENCIES.length];
    private final double[] im = new double[FREQUENCIES.length];
    private final double[] previousRe = new double[FREQUENCIES.length];
    private final double[] previousIm = new double[FREQUENCIES.length];
    private int previousCandidate = -1;

    private int candidate = -1;
    private int candidateWindows;
    private int reported = -1;
    private int windowsWithoutReported;

    /** Feeds linear samples; returns the digits accepted in them (in order). */
    public List<DtmfDigit> onSamples(short[] samples) {
        List<DtmfDigit> digits = new ArrayList<>(1);
        for (short sample : samples) {
            window[filled++] = sample;
            if (filled == WINDOW) {
                int digit = analyse();
                if (accept(digit)) {
                    digits.add(new DtmfDigit(KEYPAD.charAt(digit), DtmfMethod.INBAND, 0));
                }
                System.arraycopy(window, HOP, window, 0, WINDOW - HOP);
                filled = WINDOW - HOP;
            }
        }
        return digits;
    }

    private boolean accept(int digit) {
        if (digit >= 0 && digit == candidate) {
            candidateWindows++;
        } else {
            candidate = digit;
            candidateWindows = digit >= 0 ? 1 : 0;
        }
        if (reported >= 0) {
            if (digit == reported) {
                windowsWithoutReported = 0;
                return false;
            }
            if (++windowsWithoutReported < WINDOWS_TO_RELEASE) {
                return false;
            }
            reported = -1;
        }
        if (candidate >= 0 && candidateWindows >= WINDOWS_TO_ACCEPT) {
            reported = candidate;
            windowsWithoutReported = 0;
            return true;
        }
        return false;
    }

    /** The keypad index (row * 4 + column) of a valid window, or -1. */
    private int analyse() {
        double energy = 0;
        for (double x : window) {
            energy += x * x;
        }
        if (energy < MIN_TONE_AMPLITUDE * MIN_TONE_AMPLITUDE * WINDOW) {
            // Too quiet to hold two tones at the minimum level (each carries A^2 * N / 2): skip the
            // filters, which is most of the time on a call.
            previousCandidate = -1;
            return -1;
        }
        double[] power = new double[FREQUENCIES.length];
        for (int f = 0; f < FREQUENCIES.length; f++) {
            double s1 = 0;
            double s2 = 0;
            for (double x : window) {
                double s = x + COEFFICIENTS[f] * s1 - s2;
                s2 = s1;
                s1 = s;
            }
            re[f] = s1 - s2 * COS[f];
            im[f] = s2 * SIN[f];
            power[f] = re[f] * re[f] + im[f] * im[f];
        }
        int row = strongest(power, 0);
        int column = strongest(power, 4);
        int digit = valid(energy, power, row, column) ? row * 4 + (column - 4) : -1;
        // The first window of a tone has no predecessor to measure its frequency against: it may
        // start a candidate, and every following window's frequency must check out.
        int result = digit;
        if (digit >= 0 && digit == previousCandidate && !(onFrequency(row) && onFrequency(column))) {
            result = -1;
        }
        previousCandidate = digit;
        System.arraycopy(re, 0, previousRe, 0, re.length);
        System.arraycopy(im, 0, previousIm, 0, im.length);
        return result;
    }

    private static int strongest(double[] power, int from) {
        int best = from;
        for (int i = from + 1; i < from + 4; i++) {
            if (power[i] > power[best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean valid(double energy, double[] power, int row, int column) {
        if (energy <= 0) {
            return false;
        }
        double amplitudeScale = 2.0 / WINDOW;
        if (Math.sqrt(power[row]) * amplitudeScale < MIN_TONE_AMPLITUDE
                || Math.sqrt(power[column]) * amplitudeScale < MIN_TONE_AMPLITUDE) {
            return false;
        }
        if (power[row] > power[column] * NORMAL_TWIST || power[column] > power[row] * REVERSE_TWIST) {
            return false;
        }
        // A pure tone at the probed frequency gives |X|^2 = E * N / 2.
        return 2 * (power[row] + power[column]) / (WINDOW * energy) >= MIN_PURITY;
    }

    /** Frequency from the phase advance over one hop, compared with the tone's nominal frequency. */
    private boolean onFrequency(int f) {
        double delta = Math.atan2(im[f], re[f]) - Math.atan2(previousIm[f], previousRe[f]);
        double expected = 2 * Math.PI * FREQUENCIES[f] * HOP / SAMPLE_RATE;
        double deviation = Math.IEEEremainder(delta - expected, 2 * Math.PI);
        double hertz = deviation * SAMPLE_RATE / (2 * Math.PI * HOP);
        return Math.abs(hertz) <= FREQUENCIES[f] * FREQUENCY_TOLERANCE_PERCENT / 100;
    }
}
