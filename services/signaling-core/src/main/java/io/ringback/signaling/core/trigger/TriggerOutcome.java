package io.ringback.signaling.core.trigger;

/**
 * What became of a trigger, one value per reason it can be refused. Each has a SIP final response
 * (none of them 2xx: the trigger is never answered, so the caller pays nothing) and a metric label.
 */
public enum TriggerOutcome {
    /** Authorized and a callback job created: the service's reject code (480 by default). */
    ACCEPTED("accepted"),
    /** Authorized, but the caller already has a pending or running job: the service's reject code, no second job. */
    ALREADY_PENDING("already-pending"),
    /** No enabled DID with that number (or its service is disabled or gone): 404. */
    UNKNOWN_DID("unknown-did"),
    /** The request came from an address that is not one of the DID's trusted sources: 403. */
    UNTRUSTED_SOURCE("untrusted-source"),
    /** Anonymous, withheld or not a number: 403. */
    NO_CALLER_ID("no-caller-id"),
    /** Accounts refused the caller: the service's unauthorized code (403 or 603). */
    NOT_AUTHORIZED("not-authorized"),
    /** Too many triggers from this source address in the last second. */
    SOURCE_LIMIT("source-limit"),
    /** Too many triggers from this caller in the last minute. */
    CALLER_LIMIT("caller-limit"),
    /** The caller's account already has the service's maximum of concurrent callbacks. */
    ACCOUNT_LIMIT("account-limit"),
    /** Accounts (or the database) did not answer: 503, nothing created, the user may try again. */
    UNAVAILABLE("unavailable");

    private final String label;

    TriggerOutcome(String label) {
        this.label = label;
    }

    /** The metric and log label, e.g. {@code untrusted-source}. */
    public String label() {
        return label;
    }
}
