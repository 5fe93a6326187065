package io.ringback.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.media.config.MediaConfig;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceEndpoints;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class MediaServiceTest {

    @Inject
    DataSource dataSource;

    @Inject
    MediaConfig config;

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback media API");
        ServiceEndpoints.assertPrometheusMetrics();
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1"), ServiceEndpoints.appliedMigrations(dataSource, "media"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "media");
    }

    @Test
    void promptsRefuseAudioThatIsNotG711EightKilohertzMono() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String row = "INSERT INTO prompt (language, name, encoding, sample_rate, channels, audio, created_at)"
                    + " VALUES ('es', 'welcome', '%s', %d, %d, '\\x7f7f', now())";
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("PCMU", 16000, 1))).getSQLState());
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("PCMU", 8000, 2))).getSQLState());
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("L16", 8000, 1))).getSQLState());
            statement.execute(row.formatted("PCMA", 8000, 1));
        }
    }

    @Test
    void configurationHasDocumentedDefaults() {
        assertEquals(20000, config.rtp().portMin());
        assertEquals(29999, config.rtp().portMax());
        assertEquals(Duration.ofSeconds(30), config.rtp().inactivityTimeout());
    }
}
