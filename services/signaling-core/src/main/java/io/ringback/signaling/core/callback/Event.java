package io.ringback.signaling.core.callback;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What happens to a session: the SIP legs' outcomes (from the SIP adapter), the results of the
 * media, accounts and rating commands (from their adapters), and the session's timers.
 */
public sealed interface Event {

    /** The job was claimed and its not-before time has come: begin. */
    record Started() implements Event {
    }

    /** The job expired before it could run: nothing is dialed. */
    record JobExpired() implements Event {
    }

    /** The platform ends the session (an operator over the REST API, or a stopping instance). */
    record HangUpRequested(PlatformReason reason) implements Event {
    }

    /** A timer the machine started is due. */
    record TimerFired(Timer timer) implements Event {
    }

    // --- SIP legs ---

    /** The INVITE went out: its Call-ID and the Request-URI number after the gateway's rules. */
    record LegDialed(UUID legId, String sipCallId, String sentNumber) implements Event {
    }

    /** A provisional response (100/180/183); {@code sdp} is early media's answer, or null. */
    record Provisional(UUID legId, int sipCode, String sdp) implements Event {
    }

    /** 200 OK; {@code sdp} is null when the answer carried none. */
    record Answered(UUID legId, String sdp) implements Event {
    }

    /** A final non-2xx response, or the transaction timed out (408). */
    record Failed(UUID legId, int sipCode, int q850Cause) implements Event {
    }

    /** The far end sent BYE (or CANCEL before answering a leg we receive). */
    record RemoteHangup(UUID legId, int q850Cause) implements Event {
    }

    /** A digit from SIP INFO ({@code application/dtmf-relay} or {@code application/dtmf}). */
    record InfoDigit(UUID legId, char digit) implements Event {
    }

    /** The far end sent a re-INVITE (hold, codec change) with this offer. */
    record ReInvite(UUID legId, String sdp) implements Event {
    }

    /** The RFC 4028 session timer of a leg expired without a refresh. */
    record SessionTimerExpired(UUID legId) implements Event {
    }

    // --- media ---

    /** The endpoint of a leg exists; {@code sdpOffer} is what the INVITE offers. */
    record EndpointCreated(UUID legId, String endpointId, String sdpOffer) implements Event {
    }

    /** Media could not use the far end's SDP (no common codec, unparseable). */
    record RemoteDescriptionRejected(UUID legId, String detail) implements Event {
    }

    /** Media's answer to a re-INVITE offer. */
    record ReInviteAnswer(UUID legId, String sdp) implements Event {
    }

    /** A play (or say) finished. */
    record PlayFinished(String endpointId) implements Event {
    }

    /** A play-and-collect ended; {@code digits} exclude the terminator. */
    record DigitsCollected(String endpointId, String digits, CollectEnd end) implements Event {
    }

    /** Media saw no packets on the endpoint for too long. */
    record MediaTimeout(String endpointId) implements Event {
    }

    // --- accounts ---

    /** The card number and PIN were accepted. */
    record PinVerified(String accountId, String phoneCardId) implements Event {
    }

    /** The card number and PIN were refused; {@code locked} when the card is now locked out. */
    record PinRejected(boolean locked) implements Event {
    }

    /** The destination passes the number limits along the chain ({@code allowed}) or not. */
    record DestinationChecked(boolean allowed, String reason) implements Event {
    }

    /** The balance the caller has, and its currency. */
    record Balance(BigDecimal amount, String currency) implements Event {
    }

    /** The funds were reserved. */
    record FundsReserved(String reservationId) implements Event {
    }

    /** The chain cannot pay the amount asked for. */
    record FundsRefused() implements Event {
    }

    // --- rating ---

    /**
     * The quote for a destination: {@code maxDurationMs} is the bridge's limit, {@code amounts} what
     * to reserve per level for it (leg A's setup allowance included, see docs/callflow.md), and
     * {@code pricePerMinute} what the paying account is charged per minute of leg B (the margin
     * guard's bound).
     */
    record Quoted(QuoteOutcome outcome, BigDecimal pricePerMinute, long maxDurationMs, List<LevelAmount> amounts)
            implements Event {
        public Quoted {
            amounts = List.copyOf(amounts);
        }
    }

    /** The routes for a leg, cheapest first; empty when there is none. */
    record RoutesFound(LegRole role, List<Route> routes) implements Event {
        public RoutesFound {
            routes = List.copyOf(routes);
        }
    }

    /** An adapter could not reach a service (gRPC UNAVAILABLE, deadline exceeded). */
    record Unavailable(Service service, String detail) implements Event {
    }
}
