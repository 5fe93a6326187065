package io.ringback.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a Quarkus test application a fresh database on the JVM's {@link PostgresServer}.
 * Use with {@code @QuarkusTestResource(PostgresTestResource.class)}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String jdbcUrl;

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.get();
        jdbcUrl = server.createDatabase("ringback_test");
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password() == null ? "" : server.password());
    }

    @Override
    public void stop() {
        if (jdbcUrl != null) {
            PostgresServer.get().dropDatabase(jdbcUrl);
        }
    }
}
