package io.ringback.signaling.core.job;

import java.time.Instant;
import java.util.UUID;

/** A job waiting to run: its session, the callback delay's end and the time it expires unrun. */
public record DueJob(UUID sessionId, Instant notBefore, Instant expiresAt) {
}
