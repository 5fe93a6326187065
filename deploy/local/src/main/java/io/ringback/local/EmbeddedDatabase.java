package io.ringback.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server run from the embedded binaries, its data kept under the state folder so
 * that a second run finds the first run's accounts, rates and CDRs.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // The launcher stops the database itself, last; a hook of its own would stop it at
                // once on Ctrl-C, while the services still use it.
                .setRegisterShutdownHook(false)
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, port);
        database.ensureRoleAndDatabase();
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + Settings.EMBEDDED_DATABASE;
    }

    private void ensureRoleAndDatabase() throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", Settings.EMBEDDED_USER)) {
                statement.execute("CREATE ROLE " + Settings.EMBEDDED_USER + " LOGIN PASSWORD '"
                        + Settings.EMBEDDED_PASSWORD + "'");
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", Settings.EMBEDDED_DATABASE)) {
                statement.execute("CREATE DATABASE " + Settings.EMBEDDED_DATABASE + " OWNER " + Settings.EMBEDDED_USER);
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
