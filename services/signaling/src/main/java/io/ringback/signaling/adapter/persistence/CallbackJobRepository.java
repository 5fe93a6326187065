package io.ringback.signaling.adapter.persistence;

import com.google.protobuf.Timestamp;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.events.EventTopics;
import io.ringback.service.outbox.OutboxRepository;
import io.ringback.proto.events.v1.CallbackRequested;
import io.ringback.signaling.core.trigger.CallbackJob;
import io.ringback.signaling.core.trigger.JobStore;
import io.ringback.signaling.core.trigger.TriggerUnavailable;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Stores callback jobs with explicit SQL: the job row and its {@code CallbackRequested} outbox event
 * in one transaction, or nothing. Two rules hold across every signaling replica:
 * <ul>
 *   <li>one open job per caller: the partial unique index {@code callback_job_one_open_per_caller}
 *       makes a repeat an {@code INSERT ... ON CONFLICT DO NOTHING} that inserts no row, so no
 *       second event either;</li>
 *   <li>at most the service's concurrent callbacks per account: the count is taken under a
 *       transaction-scoped advisory lock on the account, so two triggers of one account on two
 *       replicas cannot both see room for one more. A caller who already has an open job is told
 *       {@code ALREADY_PENDING} before the count, so a repeat is never taken for a limit hit.</li>
 * </ul>
 */
@ApplicationScoped
public class CallbackJobRepository implements JobStore {

    private static final String LOCK_ACCOUNT = "SELECT pg_advisory_xact_lock(hashtext('callback-account:' || ?))";

    private static final String CALLER_OPEN = """
            SELECT 1 FROM callback_job WHERE caller_number = ? AND status IN ('PENDING', 'RUNNING')
            """;

    private static final String COUNT_OPEN = """
            SELECT count(*) FROM callback_job WHERE account_id = ? AND status IN ('PENDING', 'RUNNING')
            """;

    private static final String INSERT = """
            INSERT INTO callback_job (session_id, caller_number, did, callback_service_id, template_id, language,
                                      account_id, ctd_mode, status, requested_at, not_before, expires_at,
                                      trigger_call_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)
            ON CONFLICT (caller_number) WHERE status IN ('PENDING', 'RUNNING') DO NOTHING
            """;

    private final DataSource dataSource;
    private final OutboxRepository outbox;

    public CallbackJobRepository(DataSource dataSource, OutboxRepository outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    @Override
    public Created create(CallbackJob job) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Created created = insert(connection, job);
                connection.commit();
                return created;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TriggerUnavailable("the callback job could not be stored", e);
        }
    }

    private Created insert(Connection connection, CallbackJob job) throws SQLException {
        if (job.accountId() != null && job.maxConcurrentCallbacks() > 0) {
            // A caller's repeat is a repeat even when the account is full: it is told apart first, so
            // the answer and the limit-hit count name the real reason.
            if (hasOpenJob(connection, job.callerNumber())) {
                return Created.ALREADY_PENDING;
            }
            try (PreparedStatement lock = connection.prepareStatement(LOCK_ACCOUNT)) {
                lock.setString(1, job.accountId());
                lock.execute();
            }
            try (PreparedStatement count = connection.prepareStatement(COUNT_OPEN)) {
                count.setString(1, job.accountId());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= job.maxConcurrentCallbacks()) {
                        return Created.ACCOUNT_LIMIT;
                    }
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, job.sessionId());
            insert.setString(2, job.callerNumber());
            insert.setString(3, job.did());
            insert.setString(4, job.serviceId());
            insert.setString(5, job.templateId());
            insert.setString(6, job.language());
            insert.setString(7, job.accountId());
            insert.setString(8, job.ctdMode());
            insert.setTimestamp(9, java.sql.Timestamp.from(job.requestedAt()));
            insert.setTimestamp(10, java.sql.Timestamp.from(job.notBefore()));
            insert.setTimestamp(11, java.sql.Timestamp.from(job.expiresAt()));
            insert.setString(12, job.triggerCallId());
            if (insert.executeUpdate() == 0) {
                return Created.ALREADY_PENDING;
            }
        }
        UUID eventId = UUID.randomUUID();
        outbox.append(connection, EventTopics.CALLBACK_JOBS, job.callerNumber(), eventId, job.requestedAt(),
                event(eventId, job));
        return Created.CREATED;
    }

    private static boolean hasOpenJob(Connection connection, String callerNumber) throws SQLException {
        try (PreparedStatement open = connection.prepareStatement(CALLER_OPEN)) {
            open.setString(1, callerNumber);
            try (ResultSet rows = open.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static CallbackRequested event(UUID eventId, CallbackJob job) {
        CallbackRequested.Builder event = CallbackRequested.newBuilder()
                .setEventId(eventId.toString())
                .setOccurredAt(timestamp(job.requestedAt()))
                .setSchemaVersion(1)
                .setSessionId(job.sessionId().toString())
                .setCallerNumber(job.callerNumber())
                .setDid(job.did())
                .setCallbackServiceId(job.serviceId())
                .setLanguage(job.language())
                .setCtdMode("FLOW".equals(job.ctdMode()) ? CtdMode.CTD_MODE_FLOW : CtdMode.CTD_MODE_STANDARD)
                .setRequestedAt(timestamp(job.requestedAt()))
                .setTriggerCallId(job.triggerCallId());
        if (job.accountId() != null) {
            event.setAccountId(job.accountId());
        }
        return event.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
