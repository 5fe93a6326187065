package io.ringback.cdr.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionAssemblerTest {

    private static final String SESSION = "7c1f0a4e-0000-4000-8000-000000000001";
    private static final String ACCOUNT = "0a0a0a0a-0000-4000-8000-000000000001";
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final AssemblyLimits LIMITS = new AssemblyLimits(Duration.ofSeconds(30), Duration.ofHours(3),
            Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(5));

    private final SessionAssembler assembler = new SessionAssembler(LIMITS);
    private int eventNumber;
    private long sessionSequence;

    /** A connected Standard session: leg A rings, is answered, then leg B talks 61.5 s; the user hangs up. */
    private List<LegFact> connectedSession() {
        List<LegFact> events = new ArrayList<>();
        events.add(leg("leg-a", LegRole.A, LegState.ORIGINATED, 1, 0, b -> { }));
        events.add(leg("leg-a", LegRole.A, LegState.RINGING, 2, 1_200, b -> b.sipCode = 180));
        events.add(leg("leg-a", LegRole.A, LegState.ANSWERED, 3, 4_000, b -> b.sipCode = 200));
        events.add(leg("leg-b", LegRole.B, LegState.ORIGINATED, 1, 20_000, b -> b.maxDurationMs = 120_000));
        events.add(leg("leg-b", LegRole.B, LegState.ANSWERED, 2, 25_000, b -> b.maxDurationMs = 120_000));
        events.add(leg("leg-b", LegRole.B, LegState.ENDED, 3, 86_500, b -> {
            b.maxDurationMs = 120_000;
            b.sipCode = 200;
            b.q850 = 16;
            b.hangupBy = "USER";
        }));
        events.add(leg("leg-a", LegRole.A, LegState.ENDED, 4, 86_600, b -> {
            b.sipCode = 200;
            b.q850 = 16;
            b.hangupBy = "USER";
        }));
        return events;
    }

    @Test
    void aSessionWithItsMarkerGivesOneCdrPerLegWithEveryTimeAndDuration() {
        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, connectedSession(), List.of(marker(87_000, "leg-a", "leg-b")), at(87_000)));

        assertEquals(Completion.MARKER, complete.session().completion());
        assertEquals(List.of("leg-a", "leg-b"), complete.session().legIds());
        assertEquals(ACCOUNT, complete.session().accountId());
        assertEquals("STANDARD", complete.session().ctdMode());
        assertEquals("CONNECTED", complete.session().outcome());
        assertEquals(List.of("reservation-1"), complete.session().reservationIds());
        assertEquals(at(0), complete.session().startedAt());
        assertEquals(at(86_600), complete.session().endedAt());

        LegCdr a = complete.legs().get(0);
        assertEquals(LegCdr.originalCdrId("leg-a"), a.cdrId());
        assertEquals(LegRole.A, a.role());
        assertEquals(at(0), a.originatedAt());
        assertEquals(at(1_200), a.ringingAt());
        assertEquals(at(4_000), a.answeredAt());
        assertEquals(at(86_600), a.endedAt());
        assertEquals(82_600, a.durationMs());
        assertEquals("525512345678", a.calledNumber());
        assertEquals("USER", a.hangupBy());
        assertEquals(LegClosure.REPORTED, a.closure());

        LegCdr b = complete.legs().get(1);
        assertEquals(61_500, b.durationMs());
        assertEquals(LegState.ENDED, b.finalState());
        assertEquals(16, b.q850Cause());
        assertEquals(120_000, b.maxDurationMs());
        assertEquals("gw-b", b.gatewayId());
        assertTrue(b.billableTimes());
    }

    @Test
    void reorderedAndDuplicatedEventsGiveTheSameCdrsAsOrderedSingleOnes() {
        List<LegFact> ordered = connectedSession();
        Assembly expected = assembler.assemble(SESSION, ordered, List.of(marker(87_000, "leg-a", "leg-b")), at(87_000));
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            List<LegFact> delivered = new ArrayList<>(ordered);
            for (int i = 0; i < 4; i++) {
                delivered.add(ordered.get(random.nextInt(ordered.size())));
            }
            Collections.shuffle(delivered, random);
            SessionEnd marker = marker(87_000, "leg-a", "leg-b");
            assertEquals(expected, assembler.assemble(SESSION, delivered, List.of(marker, marker), at(87_000)),
                    "delivery order " + delivered.stream().map(LegFact::eventId).toList());
        }
    }

    @Test
    void withoutItsMarkerASessionWaitsForTheMarkerThenCompletesWhenEveryLegHasEnded() {
        List<LegFact> events = connectedSession();

        assertEquals(new Assembly.Incomplete(at(86_600).plus(LIMITS.markerWait())),
                assembler.assemble(SESSION, events, List.of(), at(90_000)));
        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(), at(86_600).plus(LIMITS.markerWait())));
        assertEquals(Completion.ALL_LEGS_ENDED, complete.session().completion());
        assertEquals(2, complete.legs().size());
    }

    @Test
    void eventsReadFromABacklogWaitFromWhenTheyWereReceivedNotFromWhenTheyHappened() {
        List<LegFact> events = connectedSession();
        Instant received = at(86_600).plus(Duration.ofHours(2));

        assertEquals(new Assembly.Incomplete(received.plus(LIMITS.markerWait())),
                assembler.assemble(SESSION, events, List.of(), received, received.plusSeconds(1)));
        assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(), received, received.plus(LIMITS.markerWait())));
        List<LegFact> unterminated = connectedSession().subList(0, 5);
        assertEquals(new Assembly.Incomplete(received.plus(LIMITS.grace())),
                assembler.assemble(SESSION, unterminated, List.of(), received, received));
        LegCdr b = assertInstanceOf(Assembly.Complete.class, assembler.assemble(SESSION, unterminated, List.of(),
                received, received.plus(LIMITS.grace()))).legs().get(1);
        assertEquals(120_000, b.durationMs(), "still closed at the latest moment it could have lasted to");
    }

    @Test
    void aMarkerBeforeALegsFinalEventWaitsForIt() {
        List<LegFact> events = new ArrayList<>(connectedSession());
        LegFact legAEnd = events.remove(events.size() - 1);

        Assembly waiting = assembler.assemble(SESSION, events, List.of(marker(87_000, "leg-a", "leg-b")), at(87_000));
        assertInstanceOf(Assembly.Incomplete.class, waiting);

        events.add(legAEnd);
        assertEquals(Completion.MARKER, assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(marker(87_000, "leg-a", "leg-b")), at(87_001)))
                .session().completion());
    }

    @Test
    void anAnsweredLegThatNeverEndsIsClosedAtItsQuotedMaximumAndLegAAtTheLatestItCouldHaveLasted() {
        List<LegFact> events = connectedSession().subList(0, 5); // both legs answered, neither ended
        Instant legBLatest = at(25_000 + 120_000);
        Instant legALatest = legBLatest; // leg A is hung up with leg B at the quoted maximum
        Instant closeAt = legBLatest.plus(LIMITS.grace());

        assertEquals(new Assembly.Incomplete(closeAt), assembler.assemble(SESSION, events, List.of(),
                closeAt.minusMillis(1)));
        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(), closeAt));

        assertEquals(Completion.CLOSED_BY_LIMIT, complete.session().completion());
        LegCdr b = complete.legs().get(1);
        assertEquals(LegClosure.CLOSED_UNTERMINATED, b.closure());
        assertEquals(120_000, b.durationMs(), "never billed longer than the quote allowed");
        assertEquals(legBLatest, b.endedAt());
        assertEquals("PLATFORM", b.hangupBy());
        assertEquals(LegState.ENDED, b.finalState());
        LegCdr a = complete.legs().get(0);
        assertEquals(LegClosure.CLOSED_UNTERMINATED, a.closure());
        assertEquals(legALatest, a.endedAt());
        assertEquals(145_000 - 4_000, a.durationMs());
    }

    @Test
    void aLegBRingingForeverFailsAtTheRingLimitAndLegABackInTheIvrIsClosedAfterTheIvrLimit() {
        List<LegFact> events = new ArrayList<>(connectedSession().subList(0, 3)); // leg A answered, in the IVR
        events.add(leg("leg-b", LegRole.B, LegState.ORIGINATED, 1, 20_000, b -> { }));
        events.add(leg("leg-b", LegRole.B, LegState.RINGING, 2, 21_000, b -> b.sipCode = 183));
        Instant legALatest = at(21_000).plus(LIMITS.ringLimit()).plus(LIMITS.ivrLimit());

        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(), legALatest.plus(LIMITS.grace())));

        LegCdr a = complete.legs().get(0);
        assertEquals(legALatest, a.endedAt());
        assertEquals(21_000 - 4_000 + LIMITS.ringLimit().plus(LIMITS.ivrLimit()).toMillis(), a.durationMs());
        LegCdr b = complete.legs().get(1);
        assertEquals(LegClosure.CLOSED_UNANSWERED, b.closure());
        assertEquals(LegState.FAILED, b.finalState());
        assertFalse(b.answered());
        assertEquals(0, b.durationMs());
        assertEquals(at(21_000).plus(LIMITS.ringLimit()), b.endedAt());
    }

    @Test
    void aLegAAloneInTheIvrIsClosedAfterTheIvrLimit() {
        List<LegFact> events = connectedSession().subList(0, 3);
        Instant legALatest = at(4_000).plus(LIMITS.ivrLimit());

        assertInstanceOf(Assembly.Incomplete.class, assembler.assemble(SESSION, events, List.of(),
                legALatest.plus(LIMITS.grace()).minusMillis(1)));
        LegCdr a = assertInstanceOf(Assembly.Complete.class, assembler.assemble(SESSION, events, List.of(),
                legALatest.plus(LIMITS.grace()))).legs().get(0);
        assertEquals(LIMITS.ivrLimit().toMillis(), a.durationMs());
        assertEquals(LegClosure.CLOSED_UNTERMINATED, a.closure());
    }

    @Test
    void aLegThatEndsBeforeItWasAnsweredKeepsItsTimesAndCarriesTheProblem() {
        List<LegFact> events = List.of(
                leg("leg-b", LegRole.B, LegState.ANSWERED, 1, 30_000, b -> { }),
                leg("leg-b", LegRole.B, LegState.ENDED, 2, 29_000, b -> b.q850 = 16));

        LegCdr b = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(marker(40_000, "leg-b")), at(40_000))).legs().get(0);

        assertFalse(b.billableTimes());
        assertEquals(0, b.durationMs());
        assertEquals(at(30_000), b.answeredAt());
        assertEquals(at(29_000), b.endedAt());
        assertTrue(b.problem().contains("before it was answered"), b.problem());
    }

    @Test
    void aMarkerNamingALegNeverSeenCompletesWithoutItAfterTheMarkerWait() {
        List<LegFact> events = connectedSession();
        SessionEnd marker = marker(87_000, "leg-a", "leg-b", "leg-lost");

        assertEquals(new Assembly.Incomplete(at(87_000).plus(LIMITS.markerWait())),
                assembler.assemble(SESSION, events, List.of(marker), at(87_000)));
        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(marker), at(87_000).plus(LIMITS.markerWait())));
        assertEquals(List.of("leg-lost"), complete.session().missingLegIds());
        assertEquals(2, complete.legs().size());
    }

    @Test
    void aSessionThatDialedNothingIsCompleteWithNoCdr() {
        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, List.of(), List.of(marker(1_000)), at(1_000)));
        assertTrue(complete.legs().isEmpty());
        assertEquals(new Assembly.Incomplete(null), assembler.assemble(SESSION, List.of(), List.of(), at(1_000)));
    }

    @Test
    void theAccountIdentifiedByAPinLoginLaterInTheSessionOwnsIt() {
        List<LegFact> events = new ArrayList<>();
        events.add(leg("leg-a", LegRole.A, LegState.ANSWERED, 1, 1_000, b -> b.account = ""));
        events.add(leg("leg-a", LegRole.A, LegState.ENDED, 2, 9_000, b -> b.account = "card-owner"));
        SessionEnd marker = new SessionEnd("m", SESSION, at(9_500), List.of("leg-a"), "NOT_CONNECTED", "USER", "",
                "", List.of(), 99, at(0), "", "");

        Assembly.Complete complete = assertInstanceOf(Assembly.Complete.class,
                assembler.assemble(SESSION, events, List.of(marker), at(9_500)));
        assertEquals("card-owner", complete.session().accountId());
    }

    @Test
    void anEventOfAnotherSessionIsRefused() {
        LegFact foreign = leg("leg-a", LegRole.A, LegState.ORIGINATED, 1, 0, b -> { });
        assertThrows(IllegalArgumentException.class,
                () -> assembler.assemble("another-session", List.of(foreign), List.of(), at(0)));
    }

    // --- builders -----------------------------------------------------------------------------

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static final class Fields {
        int sipCode;
        int q850;
        String hangupBy = "";
        long maxDurationMs;
        String account = ACCOUNT;
    }

    private LegFact leg(String legId, LegRole role, LegState state, long sequence, long atMillis,
                        java.util.function.Consumer<Fields> fields) {
        Fields f = new Fields();
        fields.accept(f);
        Instant when = at(atMillis);
        eventNumber++;
        sessionSequence++;
        boolean b = role == LegRole.B;
        return new LegFact("event-" + legId + "-" + sequence, SESSION, legId, role, state, sequence, sessionSequence,
                when, b ? "525500000001" : "525500000099", b ? "447700900123" : "525512345678",
                b ? "00447700900123" : "5512345678", b ? "9#447700900123" : "+525512345678", "525500000001",
                f.account, "", "service-1", "STANDARD", "", b ? "gw-b" : "gw-a", b ? "cost-b" : "cost-a", 0,
                b ? 0 : 1, f.sipCode, f.q850, f.hangupBy, "", null, null, null,
                state.isFinal() ? when : null, 0, b ? "reservation-1" : "", "call-" + legId, b ? "00447700900123" : "",
                f.maxDurationMs, "signaling-1", false);
    }

    private static SessionEnd marker(long atMillis, String... legIds) {
        return new SessionEnd("marker", SESSION, at(atMillis), List.of(legIds), "CONNECTED", "USER", "", ACCOUNT,
                List.of("reservation-1"), 100, at(0), "service-1", "");
    }
}
