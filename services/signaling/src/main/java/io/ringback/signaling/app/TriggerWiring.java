package io.ringback.signaling.app;

import io.ringback.signaling.config.SignalingConfig;
import io.ringback.signaling.core.trigger.CallbackDirectory;
import io.ringback.signaling.core.trigger.CallerAuthorizer;
import io.ringback.signaling.core.trigger.JobStore;
import io.ringback.signaling.core.trigger.TriggerHandler;
import io.ringback.signaling.core.trigger.TriggerLimits;
import io.ringback.signaling.core.trigger.TriggerRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The plain-Java trigger rules as beans: one {@link TriggerRules} per replica (its rate limiters
 * are this replica's) over the cached directory, the injected clock and the
 * {@code ringback.signaling.trigger.*} limits, and the {@link TriggerHandler} the SIP adapter calls
 * with accounts' authorization and the job store.
 */
@Singleton
public class TriggerWiring {

    @Produces
    @Singleton
    static TriggerRules triggerRules(CallbackDirectory directory, SignalingConfig config, Clock clock) {
        SignalingConfig.Trigger trigger = config.trigger();
        refusal("caller-limit-code", trigger.callerLimitCode());
        refusal("source-limit-code", trigger.sourceLimitCode());
        refusal("account-limit-code", trigger.accountLimitCode());
        return new TriggerRules(directory, new TriggerLimits(trigger.perCallerPerMinute(), trigger.perSourcePerSecond(),
                trigger.callerLimitCode(), trigger.sourceLimitCode(), trigger.accountLimitCode(), trigger.jobTtl()),
                clock);
    }

    /** A limit code that is not a 4xx-6xx refusal stops the start, naming the key (a trigger is never answered). */
    private static void refusal(String key, int code) {
        if (code < 400 || code > 699) {
            throw new IllegalStateException("ringback.signaling.trigger." + key + " must be a 4xx, 5xx or 6xx SIP code, got "
                    + code);
        }
    }

    @Produces
    @Singleton
    static TriggerHandler triggerHandler(TriggerRules rules, CallerAuthorizer authorizer, JobStore jobs) {
        return new TriggerHandler(rules, authorizer, jobs);
    }
}
