package io.ringback.rating;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.rating.config.RatingConfig;
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
class RatingServiceTest {

    @Inject
    DataSource dataSource;

    @Inject
    RatingConfig config;

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback rating API");
        ServiceEndpoints.assertPrometheusMetrics();
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1"), ServiceEndpoints.appliedMigrations(dataSource, "rating"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "rating");
    }

    @Test
    void rateRowsRefuseAZeroIncrementAndALetterInThePrefix() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO rate_table (id, name, kind, currency, created_at) VALUES "
                    + "('00000000-0000-0000-0000-0000000000a1', 'retail', 'CUSTOMER', 'USD', now())");
            String row = "INSERT INTO rate (rate_table_id, prefix, price_per_minute, first_increment, next_increment)"
                    + " VALUES ('00000000-0000-0000-0000-0000000000a1', '%s', 0.150000, %d, 6)";
            statement.execute(row.formatted("52", 30));
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("52", 0))).getSQLState());
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("5x2", 30))).getSQLState());
        }
    }

    @Test
    void configurationHasDocumentedDefaults() {
        assertEquals(Duration.ofSeconds(5), config.deckRefreshInterval());
        assertEquals(2_000_000, config.maxImportRows());
    }
}
