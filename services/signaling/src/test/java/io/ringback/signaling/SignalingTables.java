package io.ringback.signaling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Plain SQL on signaling's tables for tests that assert rows (jobs, outbox events) or move them to a state. */
@ApplicationScoped
public class SignalingTables {

    @Inject
    DataSource dataSource;

    /** A connection for a test that reads whole rows; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The single number a {@code SELECT count(*) ... = ?} query answers for {@code parameter}. */
    public long count(String sql, String parameter) throws SQLException {
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Runs an update with one parameter. */
    public void execute(String sql, String parameter) throws SQLException {
        try (Connection connection = connection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, parameter);
            update.executeUpdate();
        }
    }

    /**
     * Takes, on {@code connection}, the account's lock that the job store waits for while it counts the
     * account's open callbacks: every trigger of the account is held in the store until
     * {@link #releaseAccount} (or the connection closes).
     */
    public void holdAccount(Connection connection, UUID account) throws SQLException {
        advisory(connection, "SELECT pg_advisory_lock(hashtext('callback-account:' || ?))", account);
    }

    /** Releases what {@link #holdAccount} took. */
    public void releaseAccount(Connection connection, UUID account) throws SQLException {
        advisory(connection, "SELECT pg_advisory_unlock(hashtext('callback-account:' || ?))", account);
    }

    private static void advisory(Connection connection, String sql, UUID account) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account.toString());
            statement.execute();
        }
    }
}
