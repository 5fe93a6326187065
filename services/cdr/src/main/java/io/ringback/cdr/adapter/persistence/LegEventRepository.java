package io.ringback.cdr.adapter.persistence;

import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Stores leg events and session markers idempotently by event id. */
@ApplicationScoped
public class LegEventRepository {

    private static final String INSERT = """
            INSERT INTO leg_event (event_id, session_id, leg_id, state, sequence, occurred_at, payload, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private static final String INSERT_MARKER = """
            INSERT INTO session_marker (event_id, session_id, session_sequence, occurred_at, payload, received_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private final DataSource dataSource;

    public LegEventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the event unless one with its id is already stored; answers whether it was new. */
    public boolean storeOnce(LegEvent event, Instant receivedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, UUID.fromString(event.getEventId()));
            insert.setString(2, event.getSessionId());
            insert.setString(3, event.getLegId());
            insert.setString(4, event.getState().name());
            insert.setLong(5, event.getSequence());
            insert.setTimestamp(6, timestamp(event.getOccurredAt()));
            insert.setBytes(7, event.toByteArray());
            insert.setTimestamp(8, Timestamp.from(receivedAt));
            return insert.executeUpdate() == 1;
        }
    }

    /** Stores the marker unless one with its id is already stored; answers whether it was new. */
    public boolean storeOnce(SessionEnded marker, Instant receivedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_MARKER)) {
            insert.setObject(1, UUID.fromString(marker.getEventId()));
            insert.setString(2, marker.getSessionId());
            insert.setLong(3, marker.getSessionSequence());
            insert.setTimestamp(4, timestamp(marker.getOccurredAt()));
            insert.setBytes(5, marker.toByteArray());
            insert.setTimestamp(6, Timestamp.from(receivedAt));
            return insert.executeUpdate() == 1;
        }
    }

    private static Timestamp timestamp(com.google.protobuf.Timestamp time) {
        return Timestamp.from(Instant.ofEpochSecond(time.getSeconds(), time.getNanos()));
    }
}
