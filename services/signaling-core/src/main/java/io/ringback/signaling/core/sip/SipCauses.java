package io.ringback.signaling.core.sip;

/**
 * What a SIP final response to a leg we originate means: its Q.850 cause for the leg events
 * (RFC 3398 §8.2.6.1, SIP to ISUP) and whether a destination leg that got it fails over to the
 * next route.
 */
public final class SipCauses {

    /** Q.850 16, normal call clearing: the answer of a call that was then hung up. */
    public static final int NORMAL_CLEARING = 16;
    /** Q.850 102, recovery on timer expiry: no final response came (Timer B or the ring timeout). */
    public static final int TIMER_EXPIRY = 102;
    /** Q.850 127, interworking unspecified: a code RFC 3398 does not list. */
    public static final int INTERWORKING = 127;

    private SipCauses() {
    }

    /**
     * The Q.850 cause of a final response code: RFC 3398's table; 2xx is normal clearing, any
     * other code of a class is interworking (127), as RFC 3398 says for codes it does not list.
     *
     * @throws IllegalArgumentException for a code that is not a final response (100 to 199, or
     *                                  outside 200 to 699)
     */
    public static int q850(int sipCode) {
        if (sipCode < 200 || sipCode > 699) {
            throw new IllegalArgumentException(sipCode + " is not a final SIP response code");
        }
        if (sipCode < 300) {
            return NORMAL_CLEARING;
        }
        return switch (sipCode) {
            case 400, 481, 500, 503 -> 41;
            case 401, 402, 403, 407, 603 -> 21;
            case 404, 485, 604 -> 1;
            case 405 -> 63;
            case 406, 415, 501 -> 79;
            case 408, 504 -> TIMER_EXPIRY;
            case 410 -> 22;
            case 480 -> 18;
            case 482, 483 -> 25;
            case 484 -> 28;
            case 486, 600 -> 17;
            case 502 -> 38;
            case 606 -> 58;
            default -> INTERWORKING;
        };
    }

    /**
     * Whether a destination leg that got this final response is tried on the next route: a 5xx or
     * 408 means the route failed, not the callee; 486, 603, 404 and every other callee answer
     * (other 4xx, 6xx) end the attempt. A 2xx is an answer, never a failover. No final response at
     * all (Timer B, or none within the leg's limit) is a failed route like 408, and fails over.
     */
    public static boolean failsOver(int sipCode) {
        return sipCode == 408 || (sipCode >= 500 && sipCode <= 599);
    }
}
