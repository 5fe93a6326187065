package io.ringback.cdr.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Assembles the CDRs of one callback session from its leg events: one CDR per leg and a session
 * record. The answer depends only on the set of distinct events (by event id) and the moment it
 * is asked, never on the order they arrived in or how often: each leg's events are ordered by
 * their per-leg sequence, and every field is taken from the latest event that reported it.
 *
 * <p>A session is complete when
 * <ul>
 *   <li>its SessionEnded marker has arrived and every leg it names has its final event
 *       ({@link Completion#MARKER});</li>
 *   <li>without a marker, every leg has its final event and nothing more came for
 *       {@link AssemblyLimits#markerWait()} after the last end ({@link Completion#ALL_LEGS_ENDED});</li>
 *   <li>or a leg never reported its end (its signaling instance died) and the latest moment it
 *       could have lasted to, plus {@link AssemblyLimits#grace()}, has passed
 *       ({@link Completion#CLOSED_BY_LIMIT}). Such a leg is closed at that latest moment, never
 *       later: a leg B at its answer plus its quoted maximum (or {@link AssemblyLimits#maxLegDuration()}
 *       without a quote), leg A with its unterminated leg B, or {@link AssemblyLimits#ivrLimit()} after
 *       its answer or its last ended leg B (its IVR, a re-dial), an unanswered leg as failed after {@link AssemblyLimits#ringLimit()}.
 *       A marker naming a leg never seen completes the session without that leg after the marker
 *       wait.</li>
 * </ul>
 * A leg whose reported end precedes its answer keeps its times but carries a {@code problem}: it
 * cannot be billed as reported.
 */
public final class SessionAssembler {

    private static final Comparator<LegFact> LEG_ORDER = Comparator.comparingLong(LegFact::sequence)
            .thenComparingLong(LegFact::sessionSequence).thenComparing(LegFact::eventId);
    private static final Comparator<LegFact> SESSION_ORDER = Comparator.comparingLong(LegFact::sessionSequence)
            .thenComparing(LegFact::occurredAt).thenComparing(LEG_ORDER);

    private final AssemblyLimits limits;

    public SessionAssembler(AssemblyLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * @param facts   the session's leg events received so far, in any order, duplicates included
     * @param markers the session's SessionEnded markers received so far (normally none or one)
     * @param now     the moment of the decision (limits are measured against it)
     * @throws IllegalArgumentException when an event belongs to another session
     */
    public Assembly assemble(String sessionId, Collection<LegFact> facts, Collection<SessionEnd> markers, Instant now) {
        return assemble(sessionId, facts, markers, null, now);
    }

    /**
     * As {@link #assemble(String, Collection, Collection, Instant)}, with every wait measured from
     * {@code lastReceivedAt} at the earliest: events read from a backlog long after they happened
     * are not judged incomplete-for-too-long before the rest of the backlog had a chance to arrive.
     *
     * @param lastReceivedAt when the latest of these events was received; null when unknown
     */
    public Assembly assemble(String sessionId, Collection<LegFact> facts, Collection<SessionEnd> markers,
                             Instant lastReceivedAt, Instant now) {
        Map<String, LegFact> distinct = new TreeMap<>();
        for (LegFact fact : facts) {
            requireSession(sessionId, fact.sessionId(), fact.eventId());
            distinct.merge(fact.eventId(), fact, (a, b) -> LEG_ORDER.compare(a, b) <= 0 ? a : b);
        }
        SessionEnd marker = null;
        for (SessionEnd candidate : markers) {
            requireSession(sessionId, candidate.sessionId(), candidate.eventId());
            if (marker == null || Comparator.comparingLong(SessionEnd::sessionSequence)
                    .thenComparing(SessionEnd::eventId).compare(candidate, marker) > 0) {
                marker = candidate;
            }
        }
        Map<String, List<LegFact>> byLeg = new LinkedHashMap<>();
        distinct.values().stream().sorted(LEG_ORDER)
                .forEach(fact -> byLeg.computeIfAbsent(fact.legId(), id -> new ArrayList<>()).add(fact));
        List<LegView> legs = byLeg.values().stream().map(LegView::new)
                .sorted(Comparator.comparing((LegView leg) -> leg.originatedAt).thenComparingLong(leg -> leg.firstSessionSequence)
                        .thenComparing(leg -> leg.legId))
                .toList();

        List<String> missing = new ArrayList<>();
        if (marker != null) {
            for (String legId : marker.legIds()) {
                if (!byLeg.containsKey(legId)) {
                    missing.add(legId);
                }
            }
        }
        Instant markerWaitOver = marker == null ? null : later(marker.occurredAt(), lastReceivedAt).plus(limits.markerWait());

        List<LegView> open = legs.stream().filter(leg -> leg.finalFact == null).toList();
        if (open.isEmpty()) {
            if (marker != null && missing.isEmpty()) {
                return complete(sessionId, legs, marker, missing, Completion.MARKER);
            }
            Instant waitOver = marker != null ? markerWaitOver
                    : legs.stream().map(leg -> leg.endedAt).max(Comparator.naturalOrder())
                    .map(end -> later(end, lastReceivedAt).plus(limits.markerWait())).orElse(null);
            if (waitOver == null) {
                return new Assembly.Incomplete(null);
            }
            if (now.isBefore(waitOver)) {
                return new Assembly.Incomplete(waitOver);
            }
            return complete(sessionId, legs, marker, missing,
                    marker != null ? Completion.CLOSED_BY_LIMIT : Completion.ALL_LEGS_ENDED);
        }

        closeLimits(legs);
        Instant closeAt = open.stream().map(leg -> later(leg.latestEnd, lastReceivedAt).plus(limits.grace()))
                .max(Comparator.naturalOrder()).orElseThrow();
        if (!missing.isEmpty() && markerWaitOver.isAfter(closeAt)) {
            closeAt = markerWaitOver;
        }
        if (now.isBefore(closeAt)) {
            return new Assembly.Incomplete(closeAt);
        }
        for (LegView leg : open) {
            leg.closeAt(leg.latestEnd);
        }
        return complete(sessionId, legs, marker, missing, Completion.CLOSED_BY_LIMIT);
    }

    /** The latest moment each unterminated leg could have lasted to: legs B first, leg A after them. */
    private void closeLimits(List<LegView> legs) {
        for (LegView leg : legs) {
            if (leg.finalFact == null && leg.answeredAt == null) {
                leg.latestEnd = (leg.ringingAt != null ? leg.ringingAt : leg.originatedAt).plus(limits.ringLimit());
            } else if (leg.finalFact == null && leg.role == LegRole.B) {
                leg.latestEnd = leg.answeredAt.plus(leg.maxDurationMs > 0 ? Duration.ofMillis(leg.maxDurationMs)
                        : limits.maxLegDuration());
            }
        }
        for (LegView leg : legs) {
            if (leg.finalFact == null && leg.answeredAt != null && leg.role != LegRole.B) {
                // Leg A: in its IVR until a leg B, up with an answered leg B (both are hung up at the
                // quoted maximum), back in the IVR after a leg B ended (a re-dial).
                Instant latest = null;
                for (LegView other : legs) {
                    if (other.role != LegRole.B) {
                        continue;
                    }
                    Instant end = other.finalFact != null ? other.endedAt.plus(limits.ivrLimit())
                            : other.answeredAt != null ? other.latestEnd : other.latestEnd.plus(limits.ivrLimit());
                    latest = latest == null || end.isAfter(latest) ? end : latest;
                }
                leg.latestEnd = latest != null ? latest : leg.answeredAt.plus(limits.ivrLimit());
            }
        }
    }

    private Assembly complete(String sessionId, List<LegView> legs, SessionEnd marker, List<String> missing,
                              Completion completion) {
        List<LegFact> all = legs.stream().flatMap(leg -> leg.facts.stream()).sorted(SESSION_ORDER).toList();
        Function<Function<LegFact, String>, String> latest = field -> latestText(all, field);
        Set<String> reservations = new LinkedHashSet<>();
        if (marker != null) {
            reservations.addAll(marker.reservationIds());
        }
        all.stream().map(LegFact::reservationId).filter(id -> !id.isEmpty()).forEach(reservations::add);
        Instant startedAt = marker != null && marker.startedAt() != null ? marker.startedAt()
                : legs.stream().map(leg -> leg.originatedAt).min(Comparator.naturalOrder()).orElse(null);
        Instant endedAt = legs.stream().map(leg -> leg.endedAt).max(Comparator.naturalOrder())
                .orElse(marker == null ? null : marker.occurredAt());
        SessionRecord session = new SessionRecord(sessionId,
                marker != null && !marker.accountId().isEmpty() ? marker.accountId() : latest.apply(LegFact::accountId),
                marker != null && !marker.phoneCardId().isEmpty() ? marker.phoneCardId()
                        : latest.apply(LegFact::phoneCardId),
                marker != null && !marker.callbackServiceId().isEmpty() ? marker.callbackServiceId()
                        : latest.apply(LegFact::callbackServiceId),
                latest.apply(LegFact::ctdMode), latest.apply(LegFact::flowRateTableId), latest.apply(LegFact::did),
                legs.stream().map(leg -> leg.legId).toList(), missing,
                marker == null ? "" : marker.outcome(), marker == null ? "" : marker.hangupBy(),
                marker == null ? "" : marker.platformReason(), List.copyOf(reservations), completion, startedAt,
                endedAt, all.stream().anyMatch(LegFact::billLegAWhenLegBFailed));
        return new Assembly.Complete(session, legs.stream().map(leg -> leg.cdr(sessionId)).toList());
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private static String latestText(List<LegFact> ordered, Function<LegFact, String> field) {
        for (int i = ordered.size() - 1; i >= 0; i--) {
            String value = field.apply(ordered.get(i));
            if (!value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    private static void requireSession(String sessionId, String actual, String eventId) {
        if (!sessionId.equals(actual)) {
            throw new IllegalArgumentException("event " + eventId + " belongs to session " + actual + ", not " + sessionId);
        }
    }

    /** One leg's events merged: each field from the latest event (by sequence) that reported it. */
    private static final class LegView {
        final String legId;
        final List<LegFact> facts;
        final LegRole role;
        final LegFact finalFact;
        final Instant originatedAt;
        final Instant ringingAt;
        final long firstSessionSequence;
        final long maxDurationMs;
        Instant answeredAt;
        Instant endedAt;
        Instant latestEnd;
        LegClosure closure = LegClosure.REPORTED;

        LegView(List<LegFact> facts) {
            this.facts = List.copyOf(facts);
            this.legId = facts.get(0).legId();
            LegRole lastRole = null;
            LegFact lastFinal = null;
            Instant originated = null;
            Instant ringing = null;
            Instant answered = null;
            long maxDuration = 0;
            for (LegFact fact : facts) {
                lastRole = fact.role() != null ? fact.role() : lastRole;
                lastFinal = fact.state().isFinal() ? fact : lastFinal;
                originated = first(fact.originatedAt(), fact.state() == LegState.ORIGINATED ? fact.occurredAt() : null,
                        originated);
                ringing = first(fact.ringingAt(), fact.state() == LegState.RINGING ? fact.occurredAt() : null, ringing);
                answered = first(fact.answeredAt(), fact.state() == LegState.ANSWERED ? fact.occurredAt() : null,
                        answered);
                maxDuration = fact.maxDurationMs() > 0 ? fact.maxDurationMs() : maxDuration;
            }
            this.role = lastRole;
            this.finalFact = lastFinal;
            this.originatedAt = originated != null ? originated
                    : facts.stream().map(LegFact::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
            this.ringingAt = ringing;
            this.maxDurationMs = maxDuration;
            this.firstSessionSequence = facts.stream().mapToLong(LegFact::sessionSequence).min().orElse(0);
            if (lastFinal != null) {
                this.endedAt = lastFinal.endedAt() != null ? lastFinal.endedAt() : lastFinal.occurredAt();
                if (lastFinal.state() == LegState.FAILED) {
                    answered = null;
                } else if (answered == null) {
                    // An ENDED leg was answered: without its answer time, its reported duration says when.
                    answered = endedAt.minusMillis(Math.max(0, lastFinal.durationMs()));
                }
            }
            this.answeredAt = answered;
        }

        private static Instant first(Instant reported, Instant fromState, Instant earlier) {
            return reported != null ? reported : fromState != null ? fromState : earlier;
        }

        void closeAt(Instant end) {
            endedAt = end;
            closure = answeredAt != null ? LegClosure.CLOSED_UNTERMINATED : LegClosure.CLOSED_UNANSWERED;
        }

        private String latest(Function<LegFact, String> field) {
            return latestText(facts, field);
        }

        private int latestInt(java.util.function.ToIntFunction<LegFact> field) {
            for (int i = facts.size() - 1; i >= 0; i--) {
                int value = field.applyAsInt(facts.get(i));
                if (value != 0) {
                    return value;
                }
            }
            return 0;
        }

        LegCdr cdr(String sessionId) {
            boolean answered = answeredAt != null;
            String problem = "";
            long durationMs = 0;
            if (answered) {
                durationMs = Duration.between(answeredAt, endedAt).toMillis();
                if (durationMs < 0) {
                    problem = "the leg ended (" + endedAt + ") before it was answered (" + answeredAt + ")";
                    durationMs = 0;
                }
            }
            LegState state = finalFact != null ? finalFact.state() : answered ? LegState.ENDED : LegState.FAILED;
            boolean closed = closure != LegClosure.REPORTED;
            return new LegCdr(LegCdr.originalCdrId(legId), sessionId, legId, role, latestInt(LegFact::attempt),
                    latestInt(LegFact::routeIndex), latest(LegFact::callerNumber), latest(LegFact::calledNumber),
                    latest(LegFact::dialedNumber), latest(LegFact::sentNumber), latest(LegFact::gatewayId),
                    latest(LegFact::costRateTableId), latest(LegFact::sipCallId), originatedAt, ringingAt, answeredAt,
                    endedAt, durationMs, answered, state,
                    closed ? 0 : finalFact.sipCode(), closed ? 0 : finalFact.q850Cause(),
                    closed ? "PLATFORM" : finalFact.hangupBy(), closed ? "" : finalFact.platformReason(),
                    latest(LegFact::digits), maxDurationMs, latest(LegFact::reservationId),
                    latest(LegFact::instanceId), closure, problem);
        }
    }
}
