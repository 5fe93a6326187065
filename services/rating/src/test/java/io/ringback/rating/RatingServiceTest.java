package io.ringback.rating;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.ringback.common.Principal;
import io.ringback.proto.common.v1.AccountStatus;
import io.ringback.proto.common.v1.ChainLevel;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.common.v1.LevelAmount;
import io.ringback.proto.rating.v1.LegToRate;
import io.ringback.proto.rating.v1.QuoteReason;
import io.ringback.proto.rating.v1.QuoteRequest;
import io.ringback.proto.rating.v1.QuoteResponse;
import io.ringback.proto.rating.v1.RateLegsRequest;
import io.ringback.proto.rating.v1.RateLegsResponse;
import io.ringback.proto.rating.v1.RatedLegReason;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import io.ringback.proto.rating.v1.RouteCandidate;
import io.ringback.proto.rating.v1.RoutesReason;
import io.ringback.proto.rating.v1.RoutesRequest;
import io.ringback.proto.rating.v1.RoutesResponse;
import io.ringback.rating.config.RatingConfig;
import io.ringback.rating.app.RateTables;
import io.ringback.rating.domain.Leg;
import io.ringback.rating.domain.RatedSession;
import io.ringback.rating.domain.SessionRater;
import io.ringback.rating.domain.SessionToRate;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceChannel;
import io.ringback.testing.ServiceEndpoints;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class RatingServiceTest {

    private static final String HEADER = "prefix,description,price_per_minute,connect_fee,first_increment,next_increment,valid_from,valid_to,minimum_charge";
    private static final String AT = "2026-03-01T10:00:00Z";

    @Inject
    DataSource dataSource;

    @Inject
    RatingConfig config;

    @Inject
    SessionRater sessionRater;

    @Inject
    RateTables rateTables;

    private ManagedChannel channel;

    @BeforeEach
    void asAdmin() {
        AccountsDouble.restAsAdmin();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private RatingServiceGrpc.RatingServiceBlockingStub rating() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        return RatingServiceGrpc.newBlockingStub(ServiceChannel.authenticated(channel)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static String createTable(String kind) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + kind.toLowerCase() + "-" + UUID.randomUUID() + "\",\"kind\":\"" + kind + "\",\"currency\":\"USD\"}")
                .post("/api/v1/rate-tables")
                .then().statusCode(201).extract().path("id");
    }

    private static String tableWith(String kind, String... rows) {
        String id = createTable(kind);
        given().contentType("text/csv").body(HEADER + "\n" + String.join("\n", rows) + "\n")
                .put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(200).body("imported", equalTo(rows.length));
        return id;
    }

    private static String lookupPrice(String tableId, String number) {
        return given().queryParam("number", number).queryParam("at", AT)
                .get("/api/v1/rate-tables/" + tableId + "/lookup")
                .then().statusCode(200).extract().path("pricePerMinute");
    }

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback rating API");
        ServiceEndpoints.assertPrometheusMetrics();
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1", "2"), ServiceEndpoints.appliedMigrations(dataSource, "rating"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "rating");
    }

    @Test
    void rateRowsRefuseAZeroIncrementAndALetterInThePrefix() throws SQLException {
        String id = createTable("CUSTOMER");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String row = "INSERT INTO rate (rate_table_id, prefix, price_per_minute, first_increment, next_increment)"
                    + " VALUES ('" + id + "', '%s', 0.150000, %d, 6)";
            statement.execute(row.formatted("52", 30));
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("52", 0))).getSQLState());
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("5x2", 30))).getSQLState());
        }
    }

    @Test
    void configurationHasDocumentedDefaults() {
        assertEquals(Duration.ofMillis(200), config.deckRefreshInterval(), "the test profile's refresh interval");
        assertEquals(2_000_000, config.maxImportRows());
        assertEquals(Duration.ofHours(3), config.maxCallDuration());
        assertEquals(Optional.of(Set.of(41, 42)), config.nonBillableQ850Causes(), "the test profile's causes");
    }

    @Test
    void theConfiguredNonBillableQ850CausesReachTheRating() {
        String retail = tableWith("CUSTOMER", "44,UK,0.15,0,60,60,,,");
        RateLegsRequest.Builder request = RateLegsRequest.newBuilder()
                .setSessionId("s-q850").setAccountId("customer").setCtdMode(CtdMode.CTD_MODE_STANDARD)
                .addChain(level(0, "customer", retail))
                .addLegs(leg("b", LegRole.LEG_ROLE_B, "442071234567", 60_000, "").toBuilder().setQ850Cause(41));
        RateLegsResponse temporaryFailure = rating().rateLegs(request.build());
        assertEquals(RatedLegReason.RATED_LEG_REASON_CAUSE_NOT_BILLABLE, temporaryFailure.getLegs(0).getReason());
        assertEquals("0.000000", temporaryFailure.getTotalCustomerCharge());
        RateLegsResponse normal = rating().rateLegs(request.setLegs(0, request.getLegs(0).toBuilder().setQ850Cause(16)).build());
        assertEquals(RatedLegReason.RATED_LEG_REASON_BILLED, normal.getLegs(0).getReason());
        assertEquals("0.150000", normal.getTotalCustomerCharge());
    }

    @Test
    void aChainLevelWithoutStatusOrCurrencyIsRefusedNotAssumed() {
        String retail = tableWith("CUSTOMER", "44,UK,0.15,0,60,60,,,");
        RateLegsRequest.Builder request = RateLegsRequest.newBuilder()
                .setSessionId("s-missing").setAccountId("customer").setCtdMode(CtdMode.CTD_MODE_STANDARD)
                .addChain(level(0, "customer", retail).toBuilder().clearStatus())
                .addLegs(leg("b", LegRole.LEG_ROLE_B, "442071234567", 60_000, ""));
        StatusRuntimeException noStatus = assertThrows(StatusRuntimeException.class, () -> rating().rateLegs(request.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noStatus.getStatus().getCode());
        assertEquals("chain level 0 (account customer): status is required (ACCOUNT_STATUS_ACTIVE, _SUSPENDED or _CLOSED)",
                noStatus.getStatus().getDescription());
        StatusRuntimeException noCurrency = assertThrows(StatusRuntimeException.class, () -> rating().rateLegs(
                request.setChain(0, level(0, "customer", retail).toBuilder().clearCurrency()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noCurrency.getStatus().getCode());
        assertEquals("account customer (level 0) has no currency: the chain must give every level's ISO 4217 currency",
                noCurrency.getStatus().getDescription());
    }

    @Test
    void rateTablesAreCreatedListedFetchedAndDeleted() {
        String name = "retail-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"kind\":\"CUSTOMER\",\"currency\":\"MXN\"}")
                .post("/api/v1/rate-tables")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/rate-tables/[0-9a-f-]{36}"))
                .body("name", equalTo(name), "kind", equalTo("CUSTOMER"), "currency", equalTo("MXN"),
                        "rows", equalTo(0), "version", equalTo(1))
                .extract().path("id");
        given().get("/api/v1/rate-tables?size=500").then().statusCode(200).body("items.id", hasItem(id));
        given().get("/api/v1/rate-tables/" + id).then().statusCode(200).body("name", equalTo(name));
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"kind\":\"VENDOR\",\"currency\":\"USD\"}")
                .post("/api/v1/rate-tables")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://ringback.io/problems/rate-table-name-taken"));
        given().delete("/api/v1/rate-tables/" + id).then().statusCode(204);
        given().get("/api/v1/rate-tables/" + id).then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/v1/rate-tables/" + id).then().statusCode(404);
        given().get("/api/v1/rate-tables/not-a-uuid").then().statusCode(400)
                .body("type", equalTo("https://ringback.io/problems/invalid-input"), "errors[0].field", equalTo("id"));
    }

    @Test
    void aBadTableRequestIsAProblemNamingEachField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"\",\"kind\":\"CUSTOMER\",\"currency\":\"usd\"}")
                .post("/api/v1/rate-tables")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("currency", "name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"kind\":\"RESELLER\",\"currency\":\"USD\"}")
                .post("/api/v1/rate-tables")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/rate-tables?size=501").then().statusCode(400);
    }

    @Test
    void aGoodDeckWithBomAndCrlfIsImportedLookedUpAndExportedBack() {
        String id = createTable("CUSTOMER");
        String csv = "\uFEFF" + HEADER + "\r\n"
                + "52,Mexico,0.10,0,60,60,,,\r\n"
                + "5255,\"Mexico City, fixed\",0.08,0.01,30,6,,,\r\n"
                + "+52 1-55,Mexico City mobile,0.123456,0,1,1,2026-01-01T00:00:00Z,,0.05\r\n"
                + "33,\"  France  \",0.05,0,60,60,,,\r\n"
                + "34,,0.05,0,60,60,,,\r\n";
        given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(200)
                .body("imported", equalTo(5), "rejected", equalTo(0), "version", equalTo(2));
        given().queryParam("number", "+52 1 55 1234-5678").queryParam("at", AT)
                .get("/api/v1/rate-tables/" + id + "/lookup")
                .then().statusCode(200)
                .body("prefix", equalTo("52155"), "pricePerMinute", equalTo("0.123456"),
                        "minimumCharge", equalTo("0.050000"), "currency", equalTo("USD"));
        given().queryParam("number", "525512345678").get("/api/v1/rate-tables/" + id + "/lookup")
                .then().statusCode(200).body("prefix", equalTo("5255"), "connectFee", equalTo("0.010000"));
        given().queryParam("number", "52155123").queryParam("at", "2025-12-31T23:59:59Z")
                .get("/api/v1/rate-tables/" + id + "/lookup")
                .then().statusCode(200).body("prefix", equalTo("52"));
        given().queryParam("number", "4420").get("/api/v1/rate-tables/" + id + "/lookup")
                .then().statusCode(404).body("type", equalTo("https://ringback.io/problems/no-rate"));
        given().queryParam("number", "52ABC").get("/api/v1/rate-tables/" + id + "/lookup")
                .then().statusCode(400).body("type", equalTo("https://ringback.io/problems/invalid-number"));
        given().get("/api/v1/rate-tables/" + id).then().body("rows", equalTo(5), "version", equalTo(2));
        String exported = given().accept("text/csv").get("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", startsWith("attachment; filename=\"customer-"))
                .extract().asString();
        assertEquals(HEADER + "\r\n"
                + "33,\"  France  \",0.050000,0.000000,60,60,,,\r\n"
                + "34,,0.050000,0.000000,60,60,,,\r\n"
                + "52,Mexico,0.100000,0.000000,60,60,,,\r\n"
                + "52155,Mexico City mobile,0.123456,0.000000,1,1,2026-01-01T00:00:00Z,,0.050000\r\n"
                + "5255,\"Mexico City, fixed\",0.080000,0.010000,30,6,,,\r\n", exported);
    }

    @Test
    void aDeckWithBadRowsIsRefusedWholeWithEveryBadLineAndTheTableStaysAsItWas() {
        String id = tableWith("CUSTOMER", "52,Mexico,0.10,0,60,60,,,");
        String bad = HEADER + "\n"
                + "52,Mexico,0.20,0,60,60,,,\n"
                + "44,UK,-0.01,0,60,60,,,\n"
                + "33,France,0.05,0,0,60,,,\n"
                + "52,again,0.30,0,60,60,,,\n"
                + "49,Germany,abc,0,60,60\n"
                + "1A,USA,0.01,0,6,6,,,\n";
        given().contentType("text/csv").body(bad).put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://ringback.io/problems/invalid-rate-deck"),
                        "detail", equalTo("5 row(s) are invalid; nothing was imported and the table is unchanged"),
                        "errors.field", contains("line 3", "line 4", "line 5", "line 6", "line 7"),
                        "errors[0].message", equalTo("price_per_minute must not be negative, got '-0.01'"),
                        "errors[2].message", equalTo("duplicate prefix 52: its validity overlaps the row on line 2"),
                        "errors[3].message", equalTo("expected 9 columns as in the header, found 6"));
        assertEquals("0.100000", lookupPrice(id, "5255"));
        given().get("/api/v1/rate-tables/" + id).then().body("rows", equalTo(1), "version", equalTo(2));

        given().contentType("text/csv").body(bad).queryParam("invalidRows", "skip")
                .put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(200)
                .body("imported", equalTo(1), "rejected", equalTo(5), "version", equalTo(3),
                        "errors.line", contains(3, 4, 5, 6, 7));
        assertEquals("0.200000", lookupPrice(id, "5255"));

        given().contentType("text/csv").body("52,Mexico,0.10,0,60,60\n").put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(400).body("type", equalTo("https://ringback.io/problems/unreadable-rate-deck"));
        assertTableHolds(id, 3, "52", "0.200000");
        given().contentType("text/csv").body(HEADER + "\n").queryParam("invalidRows", "maybe")
                .put("/api/v1/rate-tables/" + id + "/rates").then().statusCode(400)
                .body("type", equalTo("https://ringback.io/problems/invalid-input"), "errors[0].field", equalTo("invalidRows"));
        assertTableHolds(id, 3, "52", "0.200000");
    }

    /** The table's version, its one stored row (by prefix) and the price a lookup finds in memory. */
    private void assertTableHolds(String id, int version, String prefix, String price) {
        given().get("/api/v1/rate-tables/" + id).then().statusCode(200).body("rows", equalTo(1), "version", equalTo(version));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement rows = connection.prepareStatement(
                     "SELECT count(*), min(prefix), min(price_per_minute) FROM rate WHERE rate_table_id = ?::uuid")) {
            rows.setString(1, id);
            try (ResultSet result = rows.executeQuery()) {
                result.next();
                assertEquals(1, result.getInt(1));
                assertEquals(prefix, result.getString(2));
                assertEquals(price, result.getBigDecimal(3).setScale(6).toPlainString());
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals(price, lookupPrice(id, prefix + "55"));
    }

    @Test
    void anImportWhoseUploadBreaksMidStreamLeavesTheTableAsItWas() {
        String id = tableWith("VENDOR", "52,Mexico,0.10,0,60,60,,,");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 20_000; i++) {
            csv.append(300_000 + i).append(",bulk,0.01,0,1,1,,,\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        // well past the first COPY chunk, so rows have reached PostgreSQL when the upload breaks
        int breakAt = bytes.length / 2;
        InputStream broken = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position == breakAt) {
                    throw new IOException("connection reset by the uploader");
                }
                return bytes[position++] & 0xff;
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> rateTables.importCsv(Principal.ADMIN, id, broken, true, false));
        assertEquals("connection reset by the uploader", thrown.getMessage());
        assertTableHolds(id, 2, "52", "0.100000");
    }

    @Test
    void onlyTheFirstThousandBadLinesAreListedButAllAreCounted() {
        String id = tableWith("VENDOR", "52,Mexico,0.10,0,60,60,,,");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 1500; i++) {
            csv.append("9x,broken,0.01,0,1,1,,,\n");
        }
        given().contentType("text/csv").body(csv.toString()).put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(422)
                .body("detail", equalTo("1500 row(s) are invalid; nothing was imported and the table is unchanged"
                                + " (the first 1000 are listed)"),
                        "errors.size()", equalTo(1000), "errors[999].field", equalTo("line 1001"));
        assertTableHolds(id, 2, "52", "0.100000");
        // Skipping every line would empty the table: refused unless forced.
        given().contentType("text/csv").body(csv.toString()).queryParam("invalidRows", "skip")
                .put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://ringback.io/problems/empty-rate-deck"), "errors.size()", equalTo(1000));
        assertTableHolds(id, 2, "52", "0.100000");
        given().contentType("text/csv").body(csv.toString()).queryParam("invalidRows", "skip").queryParam("force", "true")
                .put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(200).body("imported", equalTo(0), "rejected", equalTo(1500), "errors.size()", equalTo(1000));
    }

    @Test
    void aHeaderOnlyFileDoesNotEmptyALiveTableUnlessForced() {
        String id = tableWith("CUSTOMER", "52,Mexico,0.10,0,60,60,,,");
        given().contentType("text/csv").body(HEADER + "\n").put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://ringback.io/problems/empty-rate-deck"));
        assertTableHolds(id, 2, "52", "0.100000");
        given().contentType("text/csv").body(HEADER + "\n").queryParam("force", "maybe")
                .put("/api/v1/rate-tables/" + id + "/rates").then().statusCode(400)
                .body("type", equalTo("https://ringback.io/problems/invalid-input"), "errors[0].field", equalTo("force"));
        given().contentType("text/csv").body(HEADER + "\n").queryParam("force", "true")
                .put("/api/v1/rate-tables/" + id + "/rates").then().statusCode(200).body("imported", equalTo(0));
        given().get("/api/v1/rate-tables/" + id).then().body("rows", equalTo(0), "version", equalTo(3));
    }

    @Test
    void durationsAboveADayAreRefusedNamingTheField() {
        String id = tableWith("CUSTOMER", "44,UK,0.15,0,60,60,,,");
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"442071234567\",\"durationMs\":86400001}")
                .post("/api/v1/rating/price").then().statusCode(400)
                .body("type", equalTo("https://ringback.io/problems/invalid-input"), "errors.field", contains("durationMs"));
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"442071234567\",\"durationMs\":86400000}")
                .post("/api/v1/rating/price").then().statusCode(200).body("billableSeconds", equalTo(86400));
        RateLegsRequest tooLong = RateLegsRequest.newBuilder()
                .setSessionId("s-long").setAccountId("customer").setCtdMode(CtdMode.CTD_MODE_STANDARD)
                .addChain(level(0, "customer", id))
                .addLegs(leg("b", LegRole.LEG_ROLE_B, "442071234567", Long.MAX_VALUE, "")).build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> rating().rateLegs(tooLong));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals("leg b: duration_ms must be at most 86400000 (24 hours)", refused.getStatus().getDescription());
    }

    @Test
    void aLargeDeckWithOneBadRowAtTheEndLeavesNothingHalfImported() throws SQLException {
        String id = tableWith("VENDOR", "52,Mexico,0.10,0,60,60,,,");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 20_000; i++) {
            csv.append(100_000 + i).append(",bulk,0.01,0,1,1,,,\n");
        }
        csv.append("9x,broken,0.01,0,1,1,,,\n");
        given().contentType("text/csv").body(csv.toString()).put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(422).body("errors.field", contains("line 20002"));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*), min(prefix) FROM rate WHERE rate_table_id = ?::uuid")) {
            count.setString(1, id);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                assertEquals(1, rows.getInt(1));
                assertEquals("52", rows.getString(2));
            }
        }
        assertEquals("0.100000", lookupPrice(id, "5255"));
    }

    @Test
    void callsRatedDuringAnImportSeeTheOldDeckOrTheNewOneNeverAMix() throws Exception {
        StringBuilder old = new StringBuilder(HEADER).append('\n');
        StringBuilder fresh = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 20_000; i++) {
            old.append(200_000 + i).append(",old,0.10,0,60,60,,,\n");
            fresh.append(200_000 + i).append(",new,0.20,0,60,60,,,\n");
        }
        String id = createTable("CUSTOMER");
        given().contentType("text/csv").body(old.toString()).put("/api/v1/rate-tables/" + id + "/rates").then().statusCode(200);
        // Each rating resolves the table through the cache as production does (SessionRater, one
        // snapshot per session); leg A and leg B match the first and the last row of the deck.
        List<io.ringback.rating.domain.ChainLevel> chain = List.of(
                new io.ringback.rating.domain.ChainLevel(0, "customer", id, true, "USD"));
        List<Leg> legs = List.of(
                new Leg("a", io.ringback.rating.domain.LegRole.A, "2000001234", Instant.parse(AT), 60_000, true, 16, ""),
                new Leg("b", io.ringback.rating.domain.LegRole.B, "2199991234", Instant.parse(AT), 60_000, true, 16, ""));
        AtomicBoolean importing = new AtomicBoolean(true);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                boolean last;
                do {
                    last = !importing.get();
                    RatedSession session = sessionRater.rate(
                            new SessionToRate(io.ringback.rating.domain.CtdMode.STANDARD, "", chain, legs, false));
                    seen.add(session.legs().get(0).customerCharge().toPlainString() + "/"
                            + session.legs().get(1).customerCharge().toPlainString());
                } while (!last);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty() || failure.get() != null);
        given().contentType("text/csv").body(fresh.toString()).put("/api/v1/rate-tables/" + id + "/rates").then().statusCode(200);
        importing.set(false);
        reader.join();
        assertEquals(null, failure.get());
        assertEquals(Set.of("0.100000/0.100000", "0.200000/0.200000"), seen,
                "sessions rated before and after the swap, never one leg on each deck");
        assertEquals("0.200000", lookupPrice(id, "2000001234"));
    }

    @Test
    void anImportReplacesTheWholeTable() {
        String id = tableWith("VENDOR", "52,Mexico,0.10,0,60,60,,,", "44,UK,0.02,0,60,60,,,");
        given().contentType("text/csv").body(HEADER + "\n33,France,0.03,0,60,60,,,\n")
                .put("/api/v1/rate-tables/" + id + "/rates").then().statusCode(200);
        given().queryParam("number", "5255").get("/api/v1/rate-tables/" + id + "/lookup").then().statusCode(404);
        assertEquals("0.030000", lookupPrice(id, "33123"));
    }

    @Test
    void aChangeMadeByAnotherReplicaIsPickedUpByThisOne() throws SQLException {
        String id = tableWith("CUSTOMER", "52,Mexico,0.10,0,60,60,,,");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE rate SET price_per_minute = 0.42 WHERE rate_table_id = ?::uuid");
                 PreparedStatement bump = connection.prepareStatement(
                         "UPDATE rate_table SET version = version + 1 WHERE id = ?::uuid")) {
                update.setString(1, id);
                update.executeUpdate();
                bump.setString(1, id);
                bump.executeUpdate();
            }
            connection.commit();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "0.420000".equals(lookupPrice(id, "5255")));
        String deleted = tableWith("CUSTOMER", "52,Mexico,0.10,0,60,60,,,");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_table WHERE id = ?::uuid")) {
            delete.setString(1, deleted);
            delete.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> given().queryParam("number", "5255")
                .get("/api/v1/rate-tables/" + deleted + "/lookup").statusCode() == 404);
    }

    @Test
    void priceAnswersBillableSecondsAndTheExactCharge() {
        String id = tableWith("CUSTOMER", "44,UK,0.15,0.05,30,6,,,", "52,Mexico,0.10,0,60,60,,,0.25");
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"+44 20 7123 4567\",\"startTime\":\"" + AT + "\",\"durationMs\":61500}")
                .post("/api/v1/rating/price")
                .then().statusCode(200)
                .body("number", equalTo("442071234567"), "billableSeconds", equalTo(66),
                        "charge", equalTo("0.215000"), "currency", equalTo("USD"), "rate.prefix", equalTo("44"));
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"5255\",\"durationMs\":59001}")
                .post("/api/v1/rating/price")
                .then().statusCode(200).body("billableSeconds", equalTo(60), "charge", equalTo("0.250000"));
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"5255\",\"durationMs\":0}")
                .post("/api/v1/rating/price")
                .then().statusCode(200).body("billableSeconds", equalTo(0), "charge", equalTo("0.000000"));
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"5255\",\"durationMs\":-1}")
                .post("/api/v1/rating/price")
                .then().statusCode(400).body("errors.field", contains("durationMs"));
        given().contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + id + "\",\"number\":\"33123\",\"durationMs\":1000}")
                .post("/api/v1/rating/price")
                .then().statusCode(404).body("type", equalTo("https://ringback.io/problems/no-rate"));
    }

    @Test
    void rateLegsOverGrpcGivesTheSeedsMarginExampleInTheAccountsDefaultFlowMode() {
        String flow = tableWith("CUSTOMER", "44,UK,0.15,0,60,60,,,");
        String mobileCost = tableWith("VENDOR", "52155,Mexico City mobile,0.02,0,60,60,,,");
        String ukCost = tableWith("VENDOR", "44,UK,0.05,0,60,60,,,");
        RateLegsResponse rated = rating().rateLegs(RateLegsRequest.newBuilder()
                .setSessionId("s1").setAccountId("customer").setFlowRateTableId(flow)
                .addChain(level(0, "customer", "").toBuilder().setDefaultCtdMode(CtdMode.CTD_MODE_FLOW))
                .addLegs(leg("a", LegRole.LEG_ROLE_A, "5215512345678", 60_000, mobileCost))
                .addLegs(leg("b", LegRole.LEG_ROLE_B, "442071234567", 60_000, ukCost))
                .build());
        assertEquals("0.150000", rated.getTotalCustomerCharge());
        assertEquals("0.070000", rated.getTotalVendorCost());
        assertEquals(RatedLegReason.RATED_LEG_REASON_FLOW_LEG_A, rated.getLegs(0).getReason());
        assertEquals("0.020000", rated.getLegs(0).getVendorCost());
        assertEquals("0.000000", rated.getLegs(0).getCustomerCharge());
        assertEquals(RatedLegReason.RATED_LEG_REASON_BILLED, rated.getLegs(1).getReason());
        assertEquals("0.150000", rated.getLegs(1).getCustomerCharge());
        assertEquals(60, rated.getLegs(1).getBillableSeconds());
        assertEquals("44", rated.getLegs(1).getPrefix());
        assertEquals(flow, rated.getLegs(1).getCharges(0).getRateTableId());
        assertEquals("0.050000", rated.getLegs(1).getVendorCost());
        assertEquals("USD", rated.getLegs(1).getCurrency());
    }

    @Test
    void rateLegsOverGrpcChargesEveryLevelOfTheChainInStandardMode() {
        String retail = tableWith("CUSTOMER", "52155,Mexico mobile,0.10,0,60,60,,,", "44,UK,0.15,0,30,6,,,");
        String agent = tableWith("CUSTOMER", "52,Mexico,0.04,0,60,60,,,", "44,UK,0.07,0.01,1,1,,,");
        RateLegsResponse rated = rating().rateLegs(RateLegsRequest.newBuilder()
                .setSessionId("s2").setAccountId("customer").setCtdMode(CtdMode.CTD_MODE_STANDARD)
                .addChain(level(0, "customer", retail)).addChain(level(1, "agent", agent))
                .addLegs(leg("a", LegRole.LEG_ROLE_A, "5215512345678", 95_000, ""))
                .addLegs(leg("b", LegRole.LEG_ROLE_B, "442071234567", 61_500, ""))
                .build());
        assertEquals(List.of("0.200000", "0.080000"), rated.getLegs(0).getChargesList().stream().map(c -> c.getCharge()).toList());
        assertEquals(List.of("0.165000", "0.082333"), rated.getLegs(1).getChargesList().stream().map(c -> c.getCharge()).toList());
        assertEquals(List.of(66, 62), rated.getLegs(1).getChargesList().stream().map(c -> c.getBillableSeconds()).toList());
        assertEquals("0.365000", rated.getTotalCustomerCharge());
        assertEquals("0.000000", rated.getTotalVendorCost());
    }

    @Test
    void exportsDeckSizesImportDurationsAndQuoteLatency() {
        double decks = metric("ringback_rating_decks");
        double rates = metric("ringback_rating_deck_rates");
        double imported = metric("ringback_rating_imports_seconds_count", "outcome=\"imported\"");
        double refused = metric("ringback_rating_imports_seconds_count", "outcome=\"refused\"");
        double quotes = metric("ringback_rating_calls_seconds_count", "method=\"Quote\"", "status=\"OK\"");
        double unknownTables = metric("ringback_rating_calls_seconds_count", "method=\"Quote\"", "status=\"NOT_FOUND\"");

        String retail = tableWith("CUSTOMER", "52155,Mexico mobile,0.10,0,60,60,,,", "44,UK,0.20,0.05,60,60,,,");
        given().contentType("text/csv").body(HEADER + "\n44,UK,abc,0,60,60,,,\n")
                .put("/api/v1/rate-tables/" + retail + "/rates").then().statusCode(422);
        QuoteRequest.Builder request = QuoteRequest.newBuilder()
                .setAccountId("customer").addChain(level(0, "customer", retail))
                .setUserNumber("5215512345678").setDestinationNumber("442071234567")
                .setCtdMode(CtdMode.CTD_MODE_STANDARD).setMinimumDurationSeconds(60)
                .setAt(Timestamp.newBuilder().setSeconds(Instant.parse(AT).getEpochSecond()))
                .addAvailableFunds(LevelAmount.newBuilder().setLevel(0).setAccountId("customer").setAmount("1.000000").setCurrency("USD"));
        assertTrue(rating().quote(request.build()).getAllowed());
        assertThrows(StatusRuntimeException.class, () -> rating().quote(
                request.clearChain().addChain(level(0, "customer", UUID.randomUUID().toString())).build()));

        assertEquals(decks + 1, metric("ringback_rating_decks"), "the new table's deck is in memory");
        assertEquals(rates + 2, metric("ringback_rating_deck_rates"), "with its two rates; the refused file changed nothing");
        assertEquals(imported + 1, metric("ringback_rating_imports_seconds_count", "outcome=\"imported\""));
        assertEquals(refused + 1, metric("ringback_rating_imports_seconds_count", "outcome=\"refused\""));
        assertEquals(quotes + 1, metric("ringback_rating_calls_seconds_count", "method=\"Quote\"", "status=\"OK\""));
        assertEquals(unknownTables + 1, metric("ringback_rating_calls_seconds_count", "method=\"Quote\"", "status=\"NOT_FOUND\""));
        assertEquals(quotes + 1, metric("ringback_rating_calls_seconds_bucket", "method=\"Quote\"", "status=\"OK\"", "le=\"+Inf\""),
                "the latency is a histogram, so alerts can take its percentiles");
    }

    /** The sum of a Prometheus metric's samples whose labels include all those given (0 when none). */
    private static double metric(String name, String... labels) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void quoteOverGrpcAnswersTheLastAffordableIncrementAndTheReasons() {
        String retail = tableWith("CUSTOMER", "52155,Mexico mobile,0.10,0,60,60,,,", "44,UK,0.20,0.05,60,60,,,");
        QuoteRequest.Builder request = QuoteRequest.newBuilder()
                .setAccountId("customer").addChain(level(0, "customer", retail))
                .setUserNumber("+52 1 55 1234 5678").setDestinationNumber("442071234567")
                .setCtdMode(CtdMode.CTD_MODE_STANDARD).setMinimumDurationSeconds(60)
                .setAt(Timestamp.newBuilder().setSeconds(Instant.parse(AT).getEpochSecond()))
                .addAvailableFunds(LevelAmount.newBuilder().setLevel(0).setAccountId("customer").setAmount("1.000000").setCurrency("USD"));
        QuoteResponse quote = rating().quote(request.build());
        assertTrue(quote.getAllowed());
        assertEquals(QuoteReason.QUOTE_REASON_OK, quote.getReason());
        assertEquals(180, quote.getMaxDurationSeconds());
        assertEquals("0.950000", quote.getLevels(0).getMaxDurationCharge());
        assertEquals("52155", quote.getLevels(0).getLegARate().getPrefix());
        assertEquals("0.200000", quote.getLevels(0).getLegBRate().getPricePerMinute());

        QuoteResponse invalid = rating().quote(request.setDestinationNumber("33123456789").build());
        assertFalse(invalid.getAllowed());
        assertEquals(QuoteReason.QUOTE_REASON_NO_RATE_LEG_B, invalid.getReason());
        assertFalse(invalid.getLegBRateFound());

        StatusRuntimeException noChain = assertThrows(StatusRuntimeException.class,
                () -> rating().quote(request.clearChain().build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, noChain.getStatus().getCode());
        assertTrue(noChain.getStatus().getDescription().contains("the caller must pass it"));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> rating().quote(request.addChain(level(0, "customer", UUID.randomUUID().toString())).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException letters = assertThrows(StatusRuntimeException.class, () -> rating().quote(
                request.clearChain().addChain(level(0, "customer", retail)).setUserNumber("52 ABC").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, letters.getStatus().getCode());
    }

    @Test
    void routesOverGrpcAreCheapestFirstWithTheMarginGuard() {
        String cheap = tableWith("VENDOR", "44,UK,0.030,0,60,60,,,", "4420,London,0.012,0,60,60,,,");
        String mid = tableWith("VENDOR", "44,UK,0.020,0,60,60,,,");
        String dear = tableWith("VENDOR", "44,UK,0.090,0,60,60,,,");
        String none = tableWith("VENDOR", "52,Mexico,0.001,0,60,60,,,");
        RoutesRequest.Builder request = RoutesRequest.newBuilder().setDestinationNumber("447700900123")
                .addCandidates(candidate("gw-dear", dear, 1)).addCandidates(candidate("gw-mid", mid, 5))
                .addCandidates(candidate("gw-cheap", cheap, 9)).addCandidates(candidate("gw-none", none, 0));
        RoutesResponse routes = rating().routes(request.build());
        assertEquals(RoutesReason.ROUTES_REASON_OK, routes.getReason());
        assertEquals(List.of("gw-mid", "gw-cheap", "gw-dear"), routes.getRoutesList().stream().map(r -> r.getGatewayId()).toList());
        assertEquals("0.020000", routes.getRoutes(0).getCostPerMinute());
        RoutesResponse london = rating().routes(request.setDestinationNumber("442071234567").build());
        assertEquals("gw-cheap", london.getRoutes(0).getGatewayId());
        assertEquals("4420", london.getRoutes(0).getPrefix());
        RoutesResponse guarded = rating().routes(request.setDestinationNumber("447700900123")
                .setCustomerPricePerMinute("0.025000").setNeverAtALoss(true).build());
        assertEquals(List.of("gw-mid"), guarded.getRoutesList().stream().map(r -> r.getGatewayId()).toList());
        assertEquals(2, guarded.getExcludedByMarginGuard());
        RoutesResponse withFee = rating().routes(RoutesRequest.newBuilder().setDestinationNumber("447700900123")
                .addCandidates(candidate("gw-fee", tableWith("VENDOR", "44,UK,0.020,0.05,60,60,,,"), 0))
                .addCandidates(candidate("gw-mid", mid, 5))
                .setCustomerPricePerMinute("0.025000").setNeverAtALoss(true).build());
        assertEquals(List.of("gw-mid"), withFee.getRoutesList().stream().map(r -> r.getGatewayId()).toList(),
                "0.020/min plus a 0.05 connect fee costs 0.07 for a minute, a loss at 0.025");
        assertEquals(1, withFee.getExcludedByMarginGuard());
        RoutesResponse lost = rating().routes(request.setCustomerPricePerMinute("0.010000").build());
        assertEquals(RoutesReason.ROUTES_REASON_MARGIN_GUARD, lost.getReason());
        RoutesResponse nowhere = rating().routes(request.setDestinationNumber("33123456").build());
        assertEquals(RoutesReason.ROUTES_REASON_NO_ROUTE, nowhere.getReason());
        StatusRuntimeException noCandidates = assertThrows(StatusRuntimeException.class,
                () -> rating().routes(RoutesRequest.newBuilder().setDestinationNumber("44").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, noCandidates.getStatus().getCode());
    }

    private static ChainLevel level(int level, String accountId, String rateTableId) {
        return ChainLevel.newBuilder().setLevel(level).setAccountId(accountId).setRateTableId(rateTableId)
                .setStatus(AccountStatus.ACCOUNT_STATUS_ACTIVE).setCurrency("USD").build();
    }

    private static LegToRate leg(String id, LegRole role, String number, long durationMs, String costTable) {
        return LegToRate.newBuilder().setLegId(id).setRole(role).setNumber(number)
                .setStartTime(Timestamp.newBuilder().setSeconds(Instant.parse(AT).getEpochSecond()))
                .setAnswered(durationMs > 0).setDurationMs(durationMs).setQ850Cause(16).setSipCode(200)
                .setCostRateTableId(costTable).build();
    }

    private static RouteCandidate candidate(String gateway, String costTable, int priority) {
        return RouteCandidate.newBuilder().setGatewayId(gateway).setCostRateTableId(costTable).setPriority(priority).build();
    }
}
