package io.ringback.signaling.core.callback;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One callback session's state machine: {@link #handle(Event)} takes what happened and answers
 * what to do next. Deterministic, single-threaded, no I/O: the driver serialises the events of a
 * session, executes the commands through the adapters and feeds their outcomes back. Time comes
 * from the injected clock, leg ids from the injected supplier. docs/callflow.md describes the flow.
 */
public final class CallbackSession {

    /** Where the session is. */
    public enum Stage { IDLE, ROUTING_A, CALLING_A, WAITING_RETRY, IVR, ENDED }

    private final SessionStart start;
    private final ServiceSettings service;
    private final IvrSettings ivr;
    private final Clock clock;
    private final Supplier<UUID> legIds;
    private final List<Leg> legs = new ArrayList<>();
    private Stage stage = Stage.IDLE;
    private long sessionSequence;
    private int attemptA;
    private Leg legA;

    public CallbackSession(SessionStart start, ServiceSettings service, IvrSettings ivr, Clock clock,
                           Supplier<UUID> legIds) {
        this.start = Objects.requireNonNull(start, "start");
        this.service = Objects.requireNonNull(service, "service");
        this.ivr = Objects.requireNonNull(ivr, "ivr");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.legIds = Objects.requireNonNull(legIds, "legIds");
    }

    public Stage stage() {
        return stage;
    }

    /** What to do after {@code event}; an event that does not apply to the current stage is ignored. */
    public List<Command> handle(Event event) {
        List<Command> out = new ArrayList<>();
        if (event instanceof Event.Started && stage == Stage.IDLE) {
            routeLegA(out);
        } else if (event instanceof Event.TimerFired t && t.timer() == Timer.RETRY_A && stage == Stage.WAITING_RETRY) {
            routeLegA(out);
        } else if (event instanceof Event.RoutesFound r && r.role() == LegRole.A && stage == Stage.ROUTING_A) {
            createLegA(r, out);
        } else if (event instanceof Event.EndpointCreated e && isLegA(e.legId()) && legA.endpointId == null) {
            dialLegA(e, out);
        } else if (event instanceof Event.LegDialed d && isLegA(d.legId()) && legA.state == null) {
            originatedA(d, out);
        } else if (event instanceof Event.Provisional p && isLegA(p.legId()) && p.sipCode() >= 180) {
            ringingA(p, out);
        } else if (event instanceof Event.Answered a && isLegA(a.legId())) {
            answeredA(a, out);
        }
        // anything else does not apply to this stage (a late result after a hang-up, a duplicate)
        return out;
    }

    private boolean isLegA(UUID legId) {
        return legA != null && legA.id.equals(legId) && stage == Stage.CALLING_A;
    }

    private void routeLegA(List<Command> out) {
        stage = Stage.ROUTING_A;
        attemptA++;
        out.add(new Command.FindRoutes(LegRole.A, start.accountId(), start.callerNumber()));
    }

    private void createLegA(Event.RoutesFound found, List<Command> out) {
        Route route = found.routes().isEmpty() ? null : found.routes().get(0);
        if (route == null) {
            endSession(SessionOutcome.CALLBACK_FAILED, HangupParty.PLATFORM, PlatformReason.NO_ROUTE, out);
            return;
        }
        legA = new Leg(legIds.get(), LegRole.A, start.did(), start.callerNumber(), start.dialedCaller(), route,
                attemptA, 0, null, null, 0);
        legs.add(legA);
        stage = Stage.CALLING_A;
        out.add(new Command.CreateEndpoint(legA.id));
    }

    private void dialLegA(Event.EndpointCreated created, List<Command> out) {
        legA.endpointId = created.endpointId();
        out.add(new Command.DialLeg(legA.id, LegRole.A, legA.route.gatewayId(), legA.callerNumber,
                legA.calledNumber, created.sdpOffer()));
    }

    private void originatedA(Event.LegDialed dialed, List<Command> out) {
        legA.sipCallId = dialed.sipCallId();
        legA.sentNumber = dialed.sentNumber();
        legA.state = LegState.ORIGINATED;
        legA.originatedAtMs = now();
        out.add(new Command.StartTimer(Timer.RING_A, service.ringTimeout()));
        out.add(publish(legA));
    }

    private void ringingA(Event.Provisional provisional, List<Command> out) {
        legA.sipCode = provisional.sipCode();
        if (legA.state == LegState.ORIGINATED) {
            legA.state = LegState.RINGING;
            legA.ringingAtMs = now();
            out.add(publish(legA));
        }
    }

    private void answeredA(Event.Answered answered, List<Command> out) {
        legA.state = LegState.ANSWERED;
        legA.sipCode = 200;
        legA.answeredAtMs = now();
        stage = Stage.IVR;
        out.add(new Command.CancelTimer(Timer.RING_A));
        out.add(new Command.SetRemoteDescription(legA.id, legA.endpointId, answered.sdp()));
        out.add(publish(legA));
        String welcome = ivr.prompts().get(Prompt.WELCOME);
        if (welcome != null) {
            out.add(new Command.Play(legA.endpointId, welcome, start.language(), false));
        }
    }

    private void endSession(SessionOutcome outcome, HangupParty party, PlatformReason reason, List<Command> out) {
        stage = Stage.ENDED;
        sessionSequence++;
        out.add(new Command.PublishEnd(new SessionEnd(start.sessionId(), legs.stream().map(l -> l.id).toList(),
                outcome, party, reason, start.accountId(), null, start.serviceId(), List.of(),
                start.startedAt().toEpochMilli(), now(), sessionSequence)));
    }

    private Command publish(Leg leg) {
        leg.sequence++;
        sessionSequence++;
        long now = now();
        long duration = leg.state == LegState.ENDED && leg.answeredAtMs > 0 ? leg.endedAtMs - leg.answeredAtMs : 0;
        return new Command.PublishLeg(new LegChange(start.sessionId(), leg.id, leg.role, leg.state,
                leg.callerNumber, leg.calledNumber, leg.dialedNumber, leg.sentNumber, start.did(),
                start.accountId(), null, start.serviceId(), start.ctdMode(), start.flowRateTableId(),
                leg.route.gatewayId(), leg.route.costRateTableId(), leg.sipCode, leg.q850Cause, leg.hangupBy,
                leg.platformReason, leg.attempt, leg.routeIndex, leg.digits, leg.sipCallId, leg.reservationId,
                leg.maxDurationMs, now, leg.originatedAtMs, leg.ringingAtMs, leg.answeredAtMs, leg.endedAtMs,
                duration, leg.sequence, sessionSequence, start.instanceId()));
    }

    private long now() {
        return clock.millis();
    }
}
