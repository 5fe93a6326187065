package io.ringback.testing;

import io.restassured.RestAssured;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on what every Ringback service serves, shared by the services' Quarkus tests. */
public final class ServiceEndpoints {

    private ServiceEndpoints() {
    }

    /** Liveness and readiness answer UP, and readiness includes the named checks. */
    public static void assertHealthy(String... readinessChecks) {
        assertLive();
        var ready = RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        for (String check : readinessChecks) {
            ready.body("checks.name", hasItem(check));
        }
    }

    /** Liveness answers UP. */
    public static void assertLive() {
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** The OpenAPI document is served, with the service's title. */
    public static void assertOpenApi(String title) {
        RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).body("info.title", equalTo(title));
    }

    /** Prometheus metrics are served in the text exposition format. */
    public static void assertPrometheusMetrics() {
        RestAssured.given().get("/q/metrics")
                .then().statusCode(200).body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    /** The Flyway versions applied successfully to the service's schema, oldest first. */
    public static List<String> appliedMigrations(DataSource dataSource, String schema) {
        String sql = "SELECT version FROM " + schema + ".flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            return versions;
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + schema + ".flyway_schema_history", e);
        }
    }

    /** The schema the service's connections work in (its JDBC currentSchema). */
    public static void assertCurrentSchema(DataSource dataSource, String schema) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT current_schema()");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            assertEquals(schema, rows.getString(1));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
