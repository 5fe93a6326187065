package io.ringback.service.outbox;

import com.google.protobuf.Message;
import io.ringback.proto.events.EventTopics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox table {@code outbox_event} of one service, in the schema its connections
 * use (the datasource's {@code currentSchema}); each service creates the table by a Flyway migration
 * of its own. {@link #append} takes the caller's connection so that an event is stored in the same
 * transaction as the state change that raised it. The one shared copy of the outbox (decision 0013):
 * a service produces an instance named after itself.
 */
public class OutboxRepository {

    /** An event waiting in the outbox. */
    public record PendingEvent(long position, UUID eventId, String topic, String key, String type, byte[] payload,
                               Instant occurredAt) {
    }

    private static final String INSERT = """
            INSERT INTO outbox_event (event_id, topic, event_key, event_type, payload, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    // One relay at a time across all replicas (a transaction-scoped advisory lock): with SKIP LOCKED two
    // replicas would take different rows and could publish one key's events out of order. The lock is
    // named after the service, so services sharing a database do not hold up each other's relays.
    private static final String TRY_LEAD = "SELECT pg_try_advisory_xact_lock(hashtext(?))";

    private static final String LOCK_PENDING = """
            SELECT position, event_id, topic, event_key, event_type, payload, occurred_at
            FROM outbox_event WHERE published_at IS NULL
            ORDER BY position LIMIT ? FOR UPDATE
            """;

    private static final String PURGE = "DELETE FROM outbox_event WHERE published_at IS NOT NULL AND published_at < ?";

    private static final String MARK_PUBLISHED = "UPDATE outbox_event SET published_at = ? WHERE position = ?";

    private final String leadLock;

    /** The outbox of the service {@code service} (for example {@code signaling}). */
    public OutboxRepository(String service) {
        this.leadLock = service + "-outbox-relay";
    }

    /** Stores an event for publication on {@code topic} under {@code key}. */
    public void append(Connection connection, String topic, String key, UUID eventId, Instant occurredAt,
                       Message payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, eventId);
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, EventTopics.typeOf(payload));
            insert.setBytes(5, payload.toByteArray());
            insert.setTimestamp(6, Timestamp.from(occurredAt));
            insert.executeUpdate();
        }
    }

    /**
     * Makes this transaction the only relay until it ends; false when another replica's relay holds
     * the lead (this pass then does nothing, and order is kept).
     */
    public boolean tryLead(Connection connection) throws SQLException {
        try (PreparedStatement lead = connection.prepareStatement(TRY_LEAD)) {
            lead.setString(1, leadLock);
            try (ResultSet rows = lead.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    /** Deletes the events published before {@code before}; answers how many. */
    public int purgePublished(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement purge = connection.prepareStatement(PURGE)) {
            purge.setTimestamp(1, Timestamp.from(before));
            return purge.executeUpdate();
        }
    }

    /** Locks up to {@code limit} unpublished events, oldest first, until the connection's transaction ends. */
    public List<PendingEvent> lockPending(Connection connection, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK_PENDING)) {
            select.setInt(1, limit);
            List<PendingEvent> pending = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.add(new PendingEvent(rows.getLong(1), rows.getObject(2, UUID.class), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getBytes(6),
                            rows.getTimestamp(7).toInstant()));
                }
            }
            return pending;
        }
    }

    public void markPublished(Connection connection, List<PendingEvent> events, Instant publishedAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(MARK_PUBLISHED)) {
            for (PendingEvent event : events) {
                update.setTimestamp(1, Timestamp.from(publishedAt));
                update.setLong(2, event.position());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
