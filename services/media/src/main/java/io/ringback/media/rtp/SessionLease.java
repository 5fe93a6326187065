package io.ringback.media.rtp;

import java.time.Duration;
import java.time.Instant;

/**
 * The lease of a session, shared by its endpoints: they close when it lapses (their owner, a
 * signaling instance, stopped renewing it: it is gone, and nothing else would end the call).
 */
public final class SessionLease {

    private final Duration length;
    private volatile Instant expiresAt;

    public SessionLease(Duration length, Instant now) {
        this.length = length;
        this.expiresAt = now.plus(length);
    }

    /** Extends the lease by its length from now; answers the new expiry. */
    public Instant renew(Instant now) {
        Instant next = now.plus(length);
        expiresAt = next;
        return next;
    }

    public boolean lapsed(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
