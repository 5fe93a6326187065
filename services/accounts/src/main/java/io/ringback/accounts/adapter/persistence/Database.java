package io.ringback.accounts.adapter.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work on one JDBC connection: in one transaction (committed when the work returns, rolled
 * back when it throws, so a refused request leaves the database unchanged) or as plain reads.
 */
@ApplicationScoped
public class Database {

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** A database error no rule anticipated: the request fails as a whole. */
    public static class PersistenceException extends RuntimeException {
        PersistenceException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /** PostgreSQL SQLSTATE 23505: a unique constraint refused a row (a concurrent twin won). */
        public boolean uniqueViolation() {
            return getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
        }
    }
}
