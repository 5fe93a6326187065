package io.ringback.signaling.core.trigger;

import io.ringback.signaling.core.callerid.CallerId;
import io.ringback.signaling.core.callerid.CallerIdNormalization;
import io.ringback.signaling.core.limit.RateLimiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The trigger, domain §1 steps 1 to 4: an INVITE to a DID is never answered; it is refused with a
 * final response that says why, and an authorized caller's refusal comes with a callback job.
 *
 * <p>The checks run in this order, cheapest and most protective first, and the first that fails
 * decides the answer:
 * <ol>
 *   <li>the DID must exist and be enabled, and so must its service: else 404;</li>
 *   <li>the source address must be one of the DID's trusted sources: else 403 (a spoofed caller ID
 *       would make the platform call any number at the operator's cost);</li>
 *   <li>the source is under its triggers-per-second limit;</li>
 *   <li>there is a caller ID: P-Asserted-Identity when the source may assert it, else the From user
 *       part, normalized by the DID's rule; anonymous or not a number: 403;</li>
 *   <li>the caller is under its triggers-per-minute limit;</li>
 *   <li>accounts authorizes the caller (a registered phone of an active account with funds along the
 *       chain, or a PIN login the service allows): else the service's unauthorized code;</li>
 *   <li>the job is stored with its event, unless the caller already has an open job (the service's
 *       reject code, nothing created) or the account has its maximum of concurrent callbacks.</li>
 * </ol>
 * Steps 1-5 are {@link #screen}, step 6 {@link #authorized}, step 7 {@link #stored}; the adapter
 * runs the gRPC call and the transaction between them.
 */
public final class TriggerRules {

    /** Distinct keys each rate limiter tracks before it drops the idle ones. */
    private static final int LIMITER_KEYS = 100_000;

    /** The outcome of the checks that need no other service. */
    public sealed interface Screening permits Rejected, Admitted {
    }

    /** Refused; nothing else happens. */
    public record Rejected(TriggerAnswer answer) implements Screening, Decision {
    }

    /** Passed the checks: accounts is asked next. */
    public record Admitted(Trigger trigger, Did did, TriggerService service, String callerNumber,
                           Instant receivedAt) implements Screening {
    }

    /** The outcome after accounts answered. */
    public sealed interface Decision permits Rejected, CreateJob {
    }

    /** Authorized: store this job (then answer {@link #stored}). */
    public record CreateJob(CallbackJob job) implements Decision {
    }

    private final CallbackDirectory directory;
    private final TriggerLimits limits;
    private final Clock clock;
    private final RateLimiter perSource;
    private final RateLimiter perCaller;

    public TriggerRules(CallbackDirectory directory, TriggerLimits limits, Clock clock) {
        this.directory = directory;
        this.limits = limits;
        this.clock = clock;
        this.perSource = new RateLimiter(limits.perSourcePerSecond(), Duration.ofSeconds(1), clock, LIMITER_KEYS);
        this.perCaller = new RateLimiter(limits.perCallerPerMinute(), Duration.ofMinutes(1), clock, LIMITER_KEYS);
    }

    /** Steps 1 to 5. */
    public Screening screen(Trigger trigger) {
        Instant receivedAt = clock.instant();
        Optional<Did> found = CallerIdNormalization.international().normalize(userNumber(trigger.didUser()))
                .flatMap(directory::did).filter(Did::enabled);
        if (found.isEmpty()) {
            return reject(TriggerOutcome.UNKNOWN_DID, 404);
        }
        Did did = found.get();
        Optional<TriggerService> service = directory.service(did.serviceId()).filter(TriggerService::enabled);
        if (service.isEmpty()) {
            return reject(TriggerOutcome.UNKNOWN_DID, 404);
        }
        if (!did.trustedSources().trusts(trigger.sourceAddress())) {
            return reject(TriggerOutcome.UNTRUSTED_SOURCE, 403);
        }
        if (!perSource.tryAcquire(trigger.sourceAddress())) {
            return reject(TriggerOutcome.SOURCE_LIMIT, limits.sourceLimitCode());
        }
        Optional<String> caller = CallerId.of(trigger.assertedIdentities(), trigger.fromUser(),
                did.assertedIdentityTrusted(), did.normalization());
        if (caller.isEmpty()) {
            return reject(TriggerOutcome.NO_CALLER_ID, 403);
        }
        if (!perCaller.tryAcquire(caller.get())) {
            return reject(TriggerOutcome.CALLER_LIMIT, limits.callerLimitCode());
        }
        return new Admitted(trigger, did, service.get(), caller.get(), receivedAt);
    }

    /** Step 6: accounts' answer becomes a refusal or the job to store. */
    public Decision authorized(Admitted admitted, CallerAuthorization authorization) {
        TriggerService service = admitted.service();
        boolean authorized = authorization.verdict() == CallerAuthorization.Verdict.OK
                || authorization.verdict() == CallerAuthorization.Verdict.PIN_LOGIN && service.pinCallersAllowed();
        if (!authorized) {
            return reject(TriggerOutcome.NOT_AUTHORIZED, service.unauthorizedCode());
        }
        String ctdMode = service.ctdMode() != null ? service.ctdMode()
                : authorization.defaultCtdMode() != null ? authorization.defaultCtdMode() : "STANDARD";
        Instant notBefore = admitted.receivedAt().plus(service.callbackDelay());
        return new CreateJob(new CallbackJob(UUID.randomUUID(), admitted.callerNumber(), admitted.did().number(),
                service.id(), service.templateId(), service.language(), authorization.accountId(), ctdMode,
                service.maxConcurrentCallbacks(), admitted.receivedAt(), notBefore, notBefore.plus(limits.jobTtl()),
                admitted.trigger().callId()));
    }

    /** Step 7: the answer once the store said what it did with {@code job}; a created job names its session. */
    public TriggerAnswer stored(Admitted admitted, CallbackJob job, JobStore.Created created) {
        return switch (created) {
            case CREATED -> new TriggerAnswer(TriggerOutcome.ACCEPTED, admitted.service().rejectCode(), job.sessionId());
            case ALREADY_PENDING -> new TriggerAnswer(TriggerOutcome.ALREADY_PENDING, admitted.service().rejectCode());
            case ACCOUNT_LIMIT -> new TriggerAnswer(TriggerOutcome.ACCOUNT_LIMIT, limits.accountLimitCode());
        };
    }

    /** Accounts or the database did not answer: nothing was created and the user may try again. */
    public TriggerAnswer unavailable() {
        return new TriggerAnswer(TriggerOutcome.UNAVAILABLE, 503);
    }

    private static Rejected reject(TriggerOutcome outcome, int code) {
        return new Rejected(new TriggerAnswer(outcome, code));
    }

    /** The dialed number without RFC 3966 parameters. */
    private static String userNumber(String user) {
        if (user == null) {
            return null;
        }
        int parameters = user.indexOf(';');
        return parameters < 0 ? user : user.substring(0, parameters);
    }
}
