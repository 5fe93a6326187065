package io.ringback.accounts;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.accounts.config.AccountsConfig;
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
class AccountsServiceTest {

    @Inject
    DataSource dataSource;

    @Inject
    AccountsConfig config;

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback accounts API");
        ServiceEndpoints.assertPrometheusMetrics();
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1"), ServiceEndpoints.appliedMigrations(dataSource, "accounts"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "accounts");
    }

    @Test
    void accountTableRefusesAnAccountThatIsItsOwnParent() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> statement.execute(
                    "INSERT INTO account (id, parent_id, name, currency, created_at) VALUES "
                            + "('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001',"
                            + " 'loop', 'USD', now())"));
            assertEquals("23514", refused.getSQLState(), "check_violation");
        }
    }

    @Test
    void configurationHasDocumentedDefaults() {
        assertEquals("USD", config.defaultCurrency());
        assertEquals(Duration.ofHours(4), config.reservationTtl());
    }
}
