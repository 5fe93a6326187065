package io.ringback.signaling.core.callback;

import java.util.UUID;

/** One leg's facts as they accumulate; the session turns each change into a {@link LegChange}. */
final class Leg {

    final UUID id;
    final LegRole role;
    final String callerNumber;
    final String calledNumber;
    final String dialedNumber;
    final Route route;
    final int attempt;
    final int routeIndex;
    final String digits;
    final String reservationId;
    final long maxDurationMs;
    String endpointId;
    boolean endpointDestroyed;
    boolean dialSent;
    boolean reInvitePending;
    boolean earlyMedia;
    String sipCallId;
    String sentNumber;
    /** Null until the INVITE is out. */
    LegState state;
    /** Ended, failed, or given up before its INVITE was out: nothing more is done with it. */
    boolean over;
    int sipCode;
    int q850Cause;
    HangupParty hangupBy = HangupParty.UNSPECIFIED;
    PlatformReason platformReason = PlatformReason.UNSPECIFIED;
    long originatedAtMs;
    long ringingAtMs;
    long answeredAtMs;
    long endedAtMs;
    long sequence;

    Leg(UUID id, LegRole role, String callerNumber, String calledNumber, String dialedNumber, Route route,
        int attempt, int routeIndex, String digits, String reservationId, long maxDurationMs) {
        this.id = id;
        this.role = role;
        this.callerNumber = callerNumber;
        this.calledNumber = calledNumber;
        this.dialedNumber = dialedNumber;
        this.route = route;
        this.attempt = attempt;
        this.routeIndex = routeIndex;
        this.digits = digits;
        this.reservationId = reservationId;
        this.maxDurationMs = maxDurationMs;
    }

    boolean answered() {
        return state == LegState.ANSWERED;
    }

    /** The INVITE is out and no final answer yet. */
    boolean ringing() {
        return !over && (state == LegState.ORIGINATED || state == LegState.RINGING);
    }
}
