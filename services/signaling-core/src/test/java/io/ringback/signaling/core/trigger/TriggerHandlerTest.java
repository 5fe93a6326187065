package io.ringback.signaling.core.trigger;

import io.ringback.signaling.core.StepClock;
import io.ringback.signaling.core.callerid.CallerIdNormalization;
import io.ringback.signaling.core.source.TrustedSources;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The handler's paths around the rules: who is asked when, and what a failing port answers. */
class TriggerHandlerTest {

    private static final String DID = "525580001000";
    private static final String PROVIDER = "198.51.100.10";

    private final TriggerService service = new TriggerService("svc", true, "tpl-1", "es", null, false,
            new BigDecimal("1.000000"), Duration.ofSeconds(2), 0, 480, 403);
    private final CallbackDirectory directory = new CallbackDirectory() {
        @Override
        public Optional<Did> did(String number) {
            return DID.equals(number) ? Optional.of(new Did(DID, "svc", TrustedSources.parse(List.of("198.51.100.0/24")),
                    false, new CallerIdNormalization("52", "", "00", 10), true)) : Optional.empty();
        }

        @Override
        public Optional<TriggerService> service(String id) {
            return "svc".equals(id) ? Optional.of(service) : Optional.empty();
        }
    };
    private final TriggerRules rules = new TriggerRules(directory,
            new TriggerLimits(0, 0, 486, 503, 486, Duration.ofMinutes(2)), new StepClock(Instant.parse("2026-12-01T10:00:00Z")));
    private final List<String> asked = new ArrayList<>();
    private final List<CallbackJob> stored = new ArrayList<>();

    private TriggerHandler handler(CallerAuthorizer authorizer, JobStore store) {
        return new TriggerHandler(rules, authorizer, store);
    }

    private CallerAuthorizer answering(CallerAuthorization.Verdict verdict) {
        return (caller, did, service) -> {
            asked.add(caller);
            return new CallerAuthorization(verdict, "acc-1", null);
        };
    }

    private JobStore storing() {
        return job -> {
            stored.add(job);
            return JobStore.Created.CREATED;
        };
    }

    private static Trigger from(String source) {
        return new Trigger(DID, source, List.of(), "5512345678", "call-1@provider");
    }

    @Test
    void aRefusalOfTheScreeningAsksNobody() {
        assertEquals(new TriggerAnswer(TriggerOutcome.UNTRUSTED_SOURCE, 403),
                handler(answering(CallerAuthorization.Verdict.OK), storing()).handle(from("203.0.113.1")));
        assertEquals(List.of(), asked);
        assertEquals(List.of(), stored);
    }

    @Test
    void anAuthorizedCallerIsStoredOnceAndGetsTheRejectCode() {
        TriggerAnswer answer = handler(answering(CallerAuthorization.Verdict.OK), storing()).handle(from(PROVIDER));
        assertEquals(List.of("525512345678"), asked);
        assertEquals(1, stored.size());
        assertEquals("acc-1", stored.get(0).accountId());
        assertEquals(new TriggerAnswer(TriggerOutcome.ACCEPTED, 480, stored.get(0).sessionId()), answer,
                "the answer names the session the trigger created, for the logs");
    }

    @Test
    void aRefusedCallerStoresNothing() {
        assertEquals(new TriggerAnswer(TriggerOutcome.NOT_AUTHORIZED, 403),
                handler(answering(CallerAuthorization.Verdict.INSUFFICIENT_BALANCE), storing()).handle(from(PROVIDER)));
        assertEquals(List.of(), stored);
    }

    @Test
    void accountsOrTheStoreNotAnsweringIs503() {
        CallerAuthorizer down = (caller, did, service) -> {
            throw new TriggerUnavailable("accounts is down");
        };
        assertEquals(new TriggerAnswer(TriggerOutcome.UNAVAILABLE, 503), handler(down, storing()).handle(from(PROVIDER)));
        assertEquals(List.of(), stored);
        JobStore broken = job -> {
            throw new TriggerUnavailable("the database is down");
        };
        assertEquals(new TriggerAnswer(TriggerOutcome.UNAVAILABLE, 503),
                handler(answering(CallerAuthorization.Verdict.OK), broken).handle(from(PROVIDER)));
    }
}
