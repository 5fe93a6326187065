package io.ringback.signaling.core.job;

import io.ringback.signaling.core.callback.SessionOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where callback jobs are claimed, shared by every signaling instance (the database). Each method is
 * one atomic step, so two instances racing for a job cannot both win it.
 */
public interface JobClaims {

    /**
     * The job's times when it is open (pending, or running on some instance); empty when it is closed
     * or unknown. A job event consumer asks this, since the event does not carry the times.
     */
    Optional<DueJob> open(UUID sessionId);

    /**
     * Claims the job for {@code instance} until {@code now + lease}: only when it is due (its not-before
     * time passed), not expired, and either unclaimed or its holder's lease lapsed. Empty when another
     * instance holds it, it is closed, not due yet or expired.
     */
    Optional<ClaimedJob> claim(UUID sessionId, String instance, Instant now, Duration lease);

    /**
     * Extends the leases {@code instance} holds on these jobs to {@code now + lease}; answers the jobs
     * it no longer holds (closed, or taken over after its lease lapsed).
     */
    Set<UUID> renew(Collection<UUID> sessionIds, String instance, Instant now, Duration lease);

    /** Closes a job {@code instance} holds with its outcome; false when it does not hold it. */
    boolean close(UUID sessionId, String instance, SessionOutcome outcome, Instant now);

    /**
     * Drops an unclaimed job whose expiry passed: closed as expired and, in the same step, its
     * session's end marker (outcome and reason JOB_EXPIRED) is queued for {@code call.legs}. False when
     * it is not (or no longer) an unclaimed expired job.
     */
    boolean expire(UUID sessionId, Instant now);

    /**
     * Jobs an instance may start now: unclaimed and due at or before {@code dueBy}, or claimed with a
     * lease that lapsed before {@code now}; oldest first, at most {@code limit}.
     */
    List<DueJob> claimable(Instant now, Instant dueBy, int limit);
}
