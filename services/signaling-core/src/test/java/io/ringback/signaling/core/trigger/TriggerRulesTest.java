package io.ringback.signaling.core.trigger;

import io.ringback.signaling.core.StepClock;
import io.ringback.signaling.core.callerid.CallerIdNormalization;
import io.ringback.signaling.core.source.TrustedSources;
import io.ringback.signaling.core.trigger.CallerAuthorization.Verdict;
import io.ringback.signaling.core.trigger.TriggerRules.Admitted;
import io.ringback.signaling.core.trigger.TriggerRules.CreateJob;
import io.ringback.signaling.core.trigger.TriggerRules.Rejected;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerRulesTest {

    private static final String DID = "525580001000";
    private static final String PROVIDER = "198.51.100.10";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final StepClock clock = new StepClock(T0);
    private final Map<String, Did> dids = new HashMap<>();
    private final Map<String, TriggerService> services = new HashMap<>();
    private final CallbackDirectory directory = new CallbackDirectory() {
        @Override
        public Optional<Did> did(String number) {
            return Optional.ofNullable(dids.get(number));
        }

        @Override
        public Optional<TriggerService> service(String id) {
            return Optional.ofNullable(services.get(id));
        }
    };
    private final TriggerLimits limits = new TriggerLimits(3, 5, 486, 503, 600, Duration.ofMinutes(2));
    private final TriggerRules rules = new TriggerRules(directory, limits, clock);

    TriggerRulesTest() {
        dids.put(DID, did(true, "svc"));
        services.put("svc", service("svc", true, null, false, 603));
    }

    private static Did did(boolean enabled, String serviceId) {
        return new Did(DID, serviceId, TrustedSources.parse(List.of("198.51.100.0/24", "2001:db8::/32")), true,
                new CallerIdNormalization("52", "", "00", 10), enabled);
    }

    private static TriggerService service(String id, boolean enabled, String ctdMode, boolean pin, int unauthorized) {
        return new TriggerService(id, enabled, "tpl-1", "es", ctdMode, pin, new BigDecimal("1.000000"),
                Duration.ofSeconds(2), 2, 480, unauthorized);
    }

    private static Trigger trigger(String from) {
        return new Trigger(DID, PROVIDER, List.of(), from, "call-1@provider");
    }

    private TriggerAnswer rejection(Trigger trigger) {
        return assertInstanceOf(Rejected.class, rules.screen(trigger)).answer();
    }

    @Test
    void anUnknownDidIs404() {
        assertEquals(new TriggerAnswer(TriggerOutcome.UNKNOWN_DID, 404),
                rejection(new Trigger("525580009999", PROVIDER, List.of(), "5512345678", "c")));
        assertEquals(new TriggerAnswer(TriggerOutcome.UNKNOWN_DID, 404),
                rejection(new Trigger("not-a-number", PROVIDER, List.of(), "5512345678", "c")));
    }

    @Test
    void aDisabledDidOrADisabledOrMissingServiceIs404() {
        dids.put(DID, did(false, "svc"));
        assertEquals(404, rejection(trigger("5512345678")).sipCode());
        dids.put(DID, did(true, "svc"));
        services.put("svc", service("svc", false, null, false, 403));
        assertEquals(404, rejection(trigger("5512345678")).sipCode());
        dids.put(DID, did(true, "gone"));
        assertEquals(404, rejection(trigger("5512345678")).sipCode());
    }

    @Test
    void theDidIsFoundWrittenWithPlusOrWithParameters() {
        assertInstanceOf(Admitted.class, rules.screen(new Trigger("+" + DID, PROVIDER, List.of(), "5512345678", "c")));
        assertInstanceOf(Admitted.class,
                rules.screen(new Trigger(DID + ";npdi", PROVIDER, List.of(), "5512345678", "c")));
    }

    @Test
    void aSourceOutsideTheTrustedOnesIs403WhateverItClaims() {
        assertEquals(new TriggerAnswer(TriggerOutcome.UNTRUSTED_SOURCE, 403),
                rejection(new Trigger(DID, "203.0.113.9", List.of("+525512345678"), "5512345678", "c")));
        assertInstanceOf(Admitted.class, rules.screen(new Trigger(DID, "2001:db8::5", List.of(), "5512345678", "c")));
    }

    @Test
    void anonymousOrNonNumericCallerIdIs403() {
        assertEquals(new TriggerAnswer(TriggerOutcome.NO_CALLER_ID, 403), rejection(trigger("anonymous")));
        assertEquals(new TriggerAnswer(TriggerOutcome.NO_CALLER_ID, 403), rejection(trigger("alice")));
        assertEquals(new TriggerAnswer(TriggerOutcome.NO_CALLER_ID, 403), rejection(trigger(null)));
    }

    @Test
    void theCallerIdIsTheAssertedIdentityNormalizedByTheDid() {
        Admitted admitted = assertInstanceOf(Admitted.class,
                rules.screen(new Trigger(DID, PROVIDER, List.of("5598765432"), "5512345678", "c")));
        assertEquals("525598765432", admitted.callerNumber());
        Admitted national = assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")));
        assertEquals("525512345678", national.callerNumber());
    }

    @Test
    void aSourceOverItsPerSecondLimitGetsItsOwnCodeAndOthersAreStillServed() {
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(Admitted.class, rules.screen(trigger("55100000" + (10 + i))));
        }
        assertEquals(new TriggerAnswer(TriggerOutcome.SOURCE_LIMIT, 503), rejection(trigger("5510000020")));
        assertInstanceOf(Admitted.class,
                rules.screen(new Trigger(DID, "198.51.100.11", List.of(), "5510000021", "c")));
        clock.step(Duration.ofSeconds(1));
        assertInstanceOf(Admitted.class, rules.screen(trigger("5510000022")));
    }

    @Test
    void aCallerOverItsPerMinuteLimitGetsItsOwnCodeAndOtherCallersAreStillServed() {
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")));
            clock.step(Duration.ofSeconds(1));
        }
        assertEquals(new TriggerAnswer(TriggerOutcome.CALLER_LIMIT, 486), rejection(trigger("5512345678")));
        assertInstanceOf(Admitted.class, rules.screen(trigger("5512345679")));
        clock.step(Duration.ofSeconds(20));
        assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")), "one trigger back every 20 s");
    }

    @Test
    void aRefusedCallerGetsTheServicesUnauthorizedCodeAndNoJob() {
        Admitted admitted = assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")));
        for (Verdict verdict : List.of(Verdict.CALLER_NOT_REGISTERED, Verdict.ACCOUNT_INACTIVE,
                Verdict.ANCESTOR_INACTIVE, Verdict.INSUFFICIENT_BALANCE)) {
            assertEquals(new TriggerAnswer(TriggerOutcome.NOT_AUTHORIZED, 603),
                    assertInstanceOf(Rejected.class, rules.authorized(admitted,
                            new CallerAuthorization(verdict, null, null))).answer(), verdict.name());
        }
    }

    @Test
    void aPinLoginIsAcceptedOnlyWhereTheServiceAllowsPinCallers() {
        Admitted registeredOnly = assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")));
        assertInstanceOf(Rejected.class,
                rules.authorized(registeredOnly, new CallerAuthorization(Verdict.PIN_LOGIN, null, null)));
        services.put("svc", service("svc", true, "FLOW", true, 403));
        Admitted pinService = assertInstanceOf(Admitted.class, rules.screen(trigger("5512345679")));
        CallbackJob job = assertInstanceOf(CreateJob.class,
                rules.authorized(pinService, new CallerAuthorization(Verdict.PIN_LOGIN, null, null))).job();
        assertNull(job.accountId(), "the PIN entered in the IVR identifies the account");
        assertEquals("FLOW", job.ctdMode());
    }

    @Test
    void anAuthorizedCallerGetsAJobWithWhatTheWorkerNeeds() {
        clock.step(Duration.ofMillis(250));
        Admitted admitted = assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")));
        CallbackJob job = assertInstanceOf(CreateJob.class, rules.authorized(admitted,
                new CallerAuthorization(Verdict.OK, "acc-1", "FLOW"))).job();
        assertEquals("525512345678", job.callerNumber());
        assertEquals(DID, job.did());
        assertEquals("svc", job.serviceId());
        assertEquals("tpl-1", job.templateId());
        assertEquals("es", job.language());
        assertEquals("acc-1", job.accountId());
        assertEquals("FLOW", job.ctdMode(), "the account's default when the service sets none");
        assertEquals(2, job.maxConcurrentCallbacks());
        assertEquals(T0.plusMillis(250), job.requestedAt());
        assertEquals(T0.plusMillis(2250), job.notBefore(), "the callback delay after the trigger");
        assertEquals(T0.plusMillis(2250).plus(Duration.ofMinutes(2)), job.expiresAt());
        assertEquals("call-1@provider", job.triggerCallId());
    }

    @Test
    void anAcceptedTriggerAndARepeatAreBothAnsweredWithTheRejectCodeNeverA2xx() {
        Admitted admitted = assertInstanceOf(Admitted.class, rules.screen(trigger("5512345678")));
        CallbackJob job = assertInstanceOf(CreateJob.class, rules.authorized(admitted,
                new CallerAuthorization(Verdict.OK, "acc-1", null))).job();
        assertEquals(new TriggerAnswer(TriggerOutcome.ACCEPTED, 480, job.sessionId()),
                rules.stored(admitted, job, JobStore.Created.CREATED));
        assertEquals(new TriggerAnswer(TriggerOutcome.ALREADY_PENDING, 480),
                rules.stored(admitted, job, JobStore.Created.ALREADY_PENDING), "the open job is another session");
        assertEquals(new TriggerAnswer(TriggerOutcome.ACCOUNT_LIMIT, 600),
                rules.stored(admitted, job, JobStore.Created.ACCOUNT_LIMIT));
        assertThrows(IllegalArgumentException.class,
                () -> new TriggerAnswer(TriggerOutcome.ALREADY_PENDING, 480, job.sessionId()));
        assertEquals(new TriggerAnswer(TriggerOutcome.UNAVAILABLE, 503), rules.unavailable());
        assertThrows(IllegalArgumentException.class, () -> new TriggerAnswer(TriggerOutcome.ACCEPTED, 200));
        assertThrows(IllegalArgumentException.class, () -> new TriggerAnswer(TriggerOutcome.ACCEPTED, 183));
    }

    @Test
    void onlyPendingAndRunningJobsBlockASecondJobForTheCaller() {
        assertTrue(JobStatus.PENDING.isOpen());
        assertTrue(JobStatus.RUNNING.isOpen());
        assertFalse(JobStatus.COMPLETED.isOpen());
        assertFalse(JobStatus.FAILED.isOpen());
        assertFalse(JobStatus.EXPIRED.isOpen());
    }
}
