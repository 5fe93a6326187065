package io.ringback.signaling.core.trigger;

/**
 * Runs one trigger through {@link TriggerRules}: the screening, accounts' authorization, then the
 * job store, and answers the final response. Accounts or the store not answering is 503 with
 * nothing created ({@link TriggerRules#unavailable()}); no path answers a 2xx.
 */
public final class TriggerHandler {

    private final TriggerRules rules;
    private final CallerAuthorizer authorizer;
    private final JobStore jobs;

    public TriggerHandler(TriggerRules rules, CallerAuthorizer authorizer, JobStore jobs) {
        this.rules = rules;
        this.authorizer = authorizer;
        this.jobs = jobs;
    }

    /** The final response to the trigger. */
    public TriggerAnswer handle(Trigger trigger) {
        TriggerRules.Screening screening = rules.screen(trigger);
        if (screening instanceof TriggerRules.Rejected rejected) {
            return rejected.answer();
        }
        TriggerRules.Admitted admitted = (TriggerRules.Admitted) screening;
        try {
            CallerAuthorization authorization = authorizer.authorize(admitted.callerNumber(),
                    admitted.did().number(), admitted.service());
            TriggerRules.Decision decision = rules.authorized(admitted, authorization);
            if (decision instanceof TriggerRules.Rejected refused) {
                return refused.answer();
            }
            CallbackJob job = ((TriggerRules.CreateJob) decision).job();
            return rules.stored(admitted, job, jobs.create(job));
        } catch (TriggerUnavailable e) {
            return rules.unavailable();
        }
    }
}
