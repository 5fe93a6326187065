package io.ringback.cdr.adapter.persistence;

import io.ringback.proto.events.v1.LegEvent;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Stores leg events idempotently by event id. */
@ApplicationScoped
public class LegEventRepository {

    private static final String INSERT = """
            INSERT INTO leg_event (event_id, session_id, leg_id, state, sequence, occurred_at, payload, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
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
            insert.setTimestamp(6, Timestamp.from(Instant.ofEpochSecond(event.getOccurredAt().getSeconds(),
                    event.getOccurredAt().getNanos())));
            insert.setBytes(7, event.toByteArray());
            insert.setTimestamp(8, Timestamp.from(receivedAt));
            return insert.executeUpdate() == 1;
        }
    }
}
