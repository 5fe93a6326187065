package io.ringback.media.dtmf;

/**
 * A detected digit.
 *
 * @param digit      one of 0-9, *, #, A-D
 * @param method     how it arrived
 * @param durationMs tone duration in milliseconds; 0 when unknown
 */
public record DtmfDigit(char digit, DtmfMethod method, int durationMs) {

    /** RFC 4733 §3.2: events 0-15 are 0-9, *, #, A-D. */
    private static final String EVENTS = "0123456789*#ABCD";

    public DtmfDigit {
        if (EVENTS.indexOf(digit) < 0) {
            throw new IllegalArgumentException("'" + digit + "' is not a DTMF digit (0-9, *, #, A-D)");
        }
    }

    /** The digit of an RFC 4733 event code, or -1 when the code is not a DTMF event. */
    public static int digitOfEvent(int event) {
        return event >= 0 && event < EVENTS.length() ? EVENTS.charAt(event) : -1;
    }

    /** The RFC 4733 event code of a digit. */
    public static int eventOf(char digit) {
        int event = EVENTS.indexOf(Character.toUpperCase(digit));
        if (event < 0) {
            throw new IllegalArgumentException("'" + digit + "' is not a DTMF digit (0-9, *, #, A-D)");
        }
        return event;
    }

    public static boolean isDigit(char c) {
        return EVENTS.indexOf(c) >= 0;
    }
}
