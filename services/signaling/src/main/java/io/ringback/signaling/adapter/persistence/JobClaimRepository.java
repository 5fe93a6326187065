package io.ringback.signaling.adapter.persistence;

import com.google.protobuf.Timestamp;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.HangupParty;
import io.ringback.proto.events.v1.PlatformReason;
import io.ringback.proto.events.v1.SessionEnded;
import io.ringback.service.outbox.OutboxRepository;
import io.ringback.signaling.core.job.ClaimedJob;
import io.ringback.signaling.core.job.DueJob;
import io.ringback.signaling.core.job.JobClaims;
import io.ringback.signaling.core.callback.SessionOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Claims of callback jobs with explicit SQL (decision 0016): each step is one conditional
 * {@code UPDATE} on the job row, so of two instances racing for a job exactly one sees its update
 * count; the row lock of that update orders them. Dropping an expired job and queuing its
 * {@code SessionEnded} marker on {@code call.legs} is one transaction.
 *
 * <p>Failures are {@link JobStoreUnavailable}: the worker's next tick or sweep tries again, nothing is
 * lost since the row is the truth.
 */
@ApplicationScoped
public class JobClaimRepository implements JobClaims {

    private static final String CLAIM = """
            WITH previous AS (
                SELECT session_id, claimed_by FROM callback_job
                WHERE session_id = ?
                  AND ((status = 'PENDING' AND not_before <= ? AND expires_at > ?)
                       OR (status = 'RUNNING' AND lease_until <= ?))
                FOR UPDATE SKIP LOCKED)
            UPDATE callback_job job
            SET status = 'RUNNING', claimed_by = ?, lease_until = ?, claim_count = job.claim_count + 1
            FROM previous
            WHERE job.session_id = previous.session_id
            RETURNING job.session_id, job.caller_number, job.did, job.callback_service_id, job.template_id,
                      job.language, job.account_id, job.ctd_mode, job.requested_at, job.not_before,
                      job.expires_at, job.trigger_call_id, job.lease_until, previous.claimed_by
            """;

    private static final String RENEW = """
            UPDATE callback_job SET lease_until = ?
            WHERE session_id = ANY (?) AND status = 'RUNNING' AND claimed_by = ?
            RETURNING session_id
            """;

    private static final String CLOSE = """
            UPDATE callback_job SET status = ?, outcome = ?, closed_at = ?, lease_until = NULL
            WHERE session_id = ? AND status = 'RUNNING' AND claimed_by = ?
            """;

    private static final String EXPIRE = """
            UPDATE callback_job SET status = 'EXPIRED', outcome = 'JOB_EXPIRED', closed_at = ?
            WHERE session_id = ? AND status = 'PENDING' AND expires_at <= ?
            RETURNING account_id, callback_service_id, requested_at
            """;

    private static final String OPEN = """
            SELECT not_before, expires_at FROM callback_job
            WHERE session_id = ? AND status IN ('PENDING', 'RUNNING')
            """;

    private static final String CLAIMABLE = """
            SELECT session_id, not_before, expires_at FROM callback_job
            WHERE status IN ('PENDING', 'RUNNING')
              AND ((status = 'PENDING' AND (not_before <= ? OR expires_at <= ?))
                   OR (status = 'RUNNING' AND lease_until <= ?))
            ORDER BY not_before
            LIMIT ?
            """;

    private final DataSource dataSource;
    private final OutboxRepository outbox;

    public JobClaimRepository(DataSource dataSource, OutboxRepository outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    @Override
    public Optional<DueJob> open(UUID sessionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(OPEN)) {
            select.setObject(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new DueJob(sessionId, row.getTimestamp(1).toInstant(),
                        row.getTimestamp(2).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JobStoreUnavailable("job " + sessionId + " could not be read", e);
        }
    }

    @Override
    public Optional<ClaimedJob> claim(UUID sessionId, String instance, Instant now, Duration lease) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setObject(1, sessionId);
            claim.setTimestamp(2, java.sql.Timestamp.from(now));
            claim.setTimestamp(3, java.sql.Timestamp.from(now));
            claim.setTimestamp(4, java.sql.Timestamp.from(now));
            claim.setString(5, instance);
            claim.setTimestamp(6, java.sql.Timestamp.from(now.plus(lease)));
            try (ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ClaimedJob(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getTimestamp(9).toInstant(), row.getTimestamp(10).toInstant(),
                        row.getTimestamp(11).toInstant(), row.getString(12), row.getTimestamp(13).toInstant(),
                        row.getString(14) != null));
            }
        } catch (SQLException e) {
            throw new JobStoreUnavailable("job " + sessionId + " could not be claimed", e);
        }
    }

    @Override
    public Set<UUID> renew(Collection<UUID> sessionIds, String instance, Instant now, Duration lease) {
        Set<UUID> lost = new HashSet<>(sessionIds);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement renew = connection.prepareStatement(RENEW)) {
            renew.setTimestamp(1, java.sql.Timestamp.from(now.plus(lease)));
            renew.setArray(2, connection.createArrayOf("uuid", sessionIds.toArray()));
            renew.setString(3, instance);
            try (ResultSet rows = renew.executeQuery()) {
                while (rows.next()) {
                    lost.remove(rows.getObject(1, UUID.class));
                }
            }
            return lost;
        } catch (SQLException e) {
            throw new JobStoreUnavailable("the leases of " + sessionIds.size() + " jobs could not be renewed", e);
        }
    }

    @Override
    public boolean close(UUID sessionId, String instance, SessionOutcome outcome, Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement close = connection.prepareStatement(CLOSE)) {
            close.setString(1, status(outcome));
            close.setString(2, outcome.name());
            close.setTimestamp(3, java.sql.Timestamp.from(now));
            close.setObject(4, sessionId);
            close.setString(5, instance);
            return close.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new JobStoreUnavailable("job " + sessionId + " could not be closed", e);
        }
    }

    /** The job status a session outcome closes it with: only a callback that never reached the user failed. */
    static String status(SessionOutcome outcome) {
        return switch (outcome) {
            case CONNECTED, NOT_CONNECTED -> "COMPLETED";
            case CALLBACK_FAILED -> "FAILED";
            case JOB_EXPIRED -> "EXPIRED";
        };
    }

    @Override
    public boolean expire(UUID sessionId, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean expired = expire(connection, sessionId, now);
                connection.commit();
                return expired;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JobStoreUnavailable("job " + sessionId + " could not be expired", e);
        }
    }

    private boolean expire(Connection connection, UUID sessionId, Instant now) throws SQLException {
        SessionEnded.Builder marker;
        try (PreparedStatement expire = connection.prepareStatement(EXPIRE)) {
            expire.setTimestamp(1, java.sql.Timestamp.from(now));
            expire.setObject(2, sessionId);
            expire.setTimestamp(3, java.sql.Timestamp.from(now));
            try (ResultSet row = expire.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                UUID eventId = UUID.randomUUID();
                marker = SessionEnded.newBuilder()
                        .setEventId(eventId.toString())
                        .setOccurredAt(timestamp(now))
                        .setSchemaVersion(1)
                        .setSessionId(sessionId.toString())
                        .setOutcome(io.ringback.proto.events.v1.SessionOutcome.SESSION_OUTCOME_JOB_EXPIRED)
                        .setHangupBy(HangupParty.HANGUP_PARTY_PLATFORM)
                        .setPlatformReason(PlatformReason.PLATFORM_REASON_JOB_EXPIRED)
                        .setSessionSequence(1)
                        .setStartedAt(timestamp(row.getTimestamp(3).toInstant()))
                        .setCallbackServiceId(row.getString(2));
                if (row.getString(1) != null) {
                    marker.setAccountId(row.getString(1));
                }
                outbox.append(connection, EventTopics.CALL_LEGS, sessionId.toString(), eventId, now, marker.build());
            }
        }
        return true;
    }

    @Override
    public List<DueJob> claimable(Instant now, Instant dueBy, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(CLAIMABLE)) {
            select.setTimestamp(1, java.sql.Timestamp.from(dueBy));
            select.setTimestamp(2, java.sql.Timestamp.from(now));
            select.setTimestamp(3, java.sql.Timestamp.from(now));
            select.setInt(4, limit);
            List<DueJob> due = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new DueJob(rows.getObject(1, UUID.class), rows.getTimestamp(2).toInstant(),
                            rows.getTimestamp(3).toInstant()));
                }
            }
            return due;
        } catch (SQLException e) {
            throw new JobStoreUnavailable("the claimable jobs could not be read", e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
