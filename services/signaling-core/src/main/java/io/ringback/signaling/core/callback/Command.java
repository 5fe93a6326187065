package io.ringback.signaling.core.callback;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the session asks its adapters to do: SIP (sipua), media, accounts and rating (gRPC),
 * the timers (the driver) and the leg events (the outbox). Results come back as {@link Event}s.
 */
public sealed interface Command {

    // --- SIP legs ---

    /** Send an INVITE for the leg through the gateway, with media's offer. */
    record DialLeg(UUID legId, LegRole role, String gatewayId, String callerNumber, String calledNumber,
                   String sdpOffer) implements Command {
    }

    /** CANCEL an unanswered leg. */
    record CancelLeg(UUID legId) implements Command {
    }

    /** BYE on an answered leg, with this Q.850 cause in its Reason header. */
    record HangUpLeg(UUID legId, int q850Cause) implements Command {
    }

    /** Answer the far end's re-INVITE with media's SDP. */
    record AnswerReInvite(UUID legId, String sdp) implements Command {
    }

    /** Refuse the far end's re-INVITE (488 Not Acceptable Here when media cannot use the offer). */
    record RejectReInvite(UUID legId, int sipCode) implements Command {
    }

    // --- media ---

    /** Create the leg's endpoint; answered by {@link Event.EndpointCreated}. */
    record CreateEndpoint(UUID legId) implements Command {
    }

    /** Hand the far end's answer to media; a refusal comes back as {@link Event.RemoteDescriptionRejected}. */
    record SetRemoteDescription(UUID legId, String endpointId, String sdp) implements Command {
    }

    /** Offer a re-INVITE's SDP to media; answered by {@link Event.ReInviteAnswer}. */
    record Renegotiate(UUID legId, String endpointId, String sdp) implements Command {
    }

    /** Play a prompt (or music on hold, looped until the next media command). */
    record Play(String endpointId, String prompt, String language, boolean loop) implements Command {
    }

    /** Play a prompt and collect digits. */
    record PlayAndCollect(String endpointId, String prompt, String language, Duration firstDigitTimeout,
                          Duration interDigitTimeout, int maxDigits, char terminator) implements Command {
    }

    /** Say an amount of money. */
    record SayAmount(String endpointId, BigDecimal amount, String currency, String language) implements Command {
    }

    /** Say a number digit by digit (the destination read back). */
    record SayDigits(String endpointId, String digits, String language) implements Command {
    }

    /** Say a number of minutes. */
    record SayMinutes(String endpointId, long minutes, String language) implements Command {
    }

    /** Feed a SIP INFO digit into the endpoint's digit collection. */
    record FeedDtmf(String endpointId, char digit) implements Command {
    }

    /** Bridge the two endpoints' media. */
    record Bridge(String endpointA, String endpointB) implements Command {
    }

    /** Destroy an endpoint. */
    record DestroyEndpoint(String endpointId) implements Command {
    }

    // --- accounts ---

    record VerifyPin(String cardNumber, String pin) implements Command {
    }

    record CheckDestination(String accountId, String number) implements Command {
    }

    record GetBalance(String accountId) implements Command {
    }

    /** Reserve the quoted maximum for the session, per level; {@code idempotencyKey} is "session:n". */
    record ReserveFunds(UUID sessionId, String accountId, String idempotencyKey, List<LevelAmount> amounts,
                        Duration ttl) implements Command {
        public ReserveFunds {
            amounts = List.copyOf(amounts);
        }
    }

    record ReleaseFunds(String reservationId) implements Command {
    }

    // --- rating ---

    /**
     * Quote the destination; {@code legAElapsedMs} is how long leg A has been up plus the longest
     * leg B setup (every route ringing out), so the reservation covers leg A until the bridge.
     */
    record Quote(String accountId, String userNumber, String destinationNumber, String ctdMode,
                 String flowRateTableId, long legAElapsedMs) implements Command {
    }

    /**
     * LCR over the gateways of the role (callback gateways for A, destination gateways for B), at
     * most {@code maxRoutes}; for B, {@code pricePerMinute} is the margin guard's bound (null for A).
     */
    record FindRoutes(LegRole role, String accountId, String number, BigDecimal pricePerMinute, int maxRoutes)
            implements Command {
    }

    // --- timers (the driver runs them by the injected clock) ---

    record StartTimer(Timer timer, Duration after) implements Command {
    }

    record CancelTimer(Timer timer) implements Command {
    }

    // --- leg events (the outbox writes them to call.legs) ---

    /** Publish a leg's state change. */
    record PublishLeg(LegChange change) implements Command {
    }

    /** Publish the session's end marker; the machine emits nothing after it. */
    record PublishEnd(SessionEnd end) implements Command {
    }
}
