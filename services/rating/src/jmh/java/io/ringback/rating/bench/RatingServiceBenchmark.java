package io.ringback.rating.bench;

import io.ringback.testing.AccountsDouble;
import io.ringback.testing.ServiceChannel;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.ringback.proto.common.v1.AccountStatus;
import io.ringback.proto.common.v1.ChainLevel;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.rating.v1.LegToRate;
import io.ringback.proto.rating.v1.RateLegsRequest;
import io.ringback.proto.rating.v1.RateLegsResponse;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import io.ringback.testing.PostgresServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rating service as other services and the BSS use it: the packaged application on a real
 * PostgreSQL, with three 100 000-row decks (a customer plan, its agent's plan, a vendor's costs).
 * {@code rateLegs}: sessions of two legs (Standard CTD, a two-level chain, vendor cost) rated
 * through gRPC by four client threads; legs per second = 2 x the score. {@code importDeck}: one
 * 100 000-row CSV upload replacing a table, timed from the first byte sent to the answer.
 * Client and service share this machine's cores.
 */
@State(Scope.Benchmark)
public class RatingServiceBenchmark {

    private static final int ROWS = 100_000;
    private static final String HEADER = "prefix,description,price_per_minute,connect_fee,first_increment,next_increment,valid_from,valid_to,minimum_charge\n";

    private Process service;
    private String databaseUrl;
    private String baseUrl;
    private int port;
    private byte[] deck;
    private String importTable;
    private List<RateLegsRequest> requests;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Setup(Level.Trial)
    public void startService() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        databaseUrl = postgres.createDatabase("rating_bench");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        baseUrl = "http://localhost:" + port;
        String jar = System.getProperty("ringback.bench.app", "target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx1g", "-jar", jar);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", databaseUrl);
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        builder.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        builder.environment().put("RINGBACK_PLATFORM_SERVICE_TOKEN", AccountsDouble.SERVICE_TOKEN);
        builder.redirectErrorStream(true).redirectOutput(new File(new File(jar).getParentFile().getParentFile(), "bench-service.log"));
        service = builder.start();
        awaitReady();

        Random random = new Random(20260301);
        Set<String> prefixes = new HashSet<>();
        for (int i = 1; i < 100; i++) {
            prefixes.add(Integer.toString(i));
        }
        while (prefixes.size() < ROWS) {
            prefixes.add(digits(random, 3 + random.nextInt(7)));
        }
        StringBuilder csv = new StringBuilder(HEADER);
        for (String prefix : prefixes) {
            csv.append(prefix).append(",Destination ").append(prefix).append(",0.0").append(10 + random.nextInt(89))
                    .append("123,0,30,6,,,\n");
        }
        deck = csv.toString().getBytes(StandardCharsets.UTF_8);
        String retail = createTable("CUSTOMER");
        String agent = createTable("CUSTOMER");
        String vendor = createTable("VENDOR");
        importTable = createTable("CUSTOMER");
        for (String table : List.of(retail, agent, vendor)) {
            upload(table);
        }
        String[] known = prefixes.toArray(new String[0]);
        requests = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        com.google.protobuf.Timestamp at = com.google.protobuf.Timestamp.newBuilder().setSeconds(start.getEpochSecond()).build();
        for (int i = 0; i < 1024; i++) {
            String user = known[random.nextInt(known.length)] + digits(random, 6);
            String destination = known[random.nextInt(known.length)] + digits(random, 6);
            requests.add(RateLegsRequest.newBuilder()
                    .setSessionId("bench-" + i).setAccountId("customer").setCtdMode(CtdMode.CTD_MODE_STANDARD)
                    .addChain(level(0, "customer", retail)).addChain(level(1, "agent", agent))
                    .addLegs(LegToRate.newBuilder().setLegId("a" + i).setRole(LegRole.LEG_ROLE_A).setNumber(user)
                            .setStartTime(at).setAnswered(true).setDurationMs(95_000 + i).setQ850Cause(16)
                            .setCostRateTableId(vendor))
                    .addLegs(LegToRate.newBuilder().setLegId("b" + i).setRole(LegRole.LEG_ROLE_B).setNumber(destination)
                            .setStartTime(at).setAnswered(true).setDurationMs(61_500 + i).setQ850Cause(16)
                            .setCostRateTableId(vendor))
                    .build());
        }
    }

    @TearDown(Level.Trial)
    public void stopService() throws InterruptedException {
        service.destroy();
        if (!service.waitFor(20, TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor();
        }
        PostgresServer.get().dropDatabase(databaseUrl);
    }

    /** One gRPC channel (one HTTP/2 connection) per client thread. */
    @State(Scope.Thread)
    public static class Client {

        ManagedChannel channel;
        RatingServiceGrpc.RatingServiceBlockingStub stub;
        int next;

        @Setup(Level.Trial)
        public void connect(RatingServiceBenchmark service) {
            channel = ManagedChannelBuilder.forAddress("localhost", service.port).usePlaintext().build();
            stub = RatingServiceGrpc.newBlockingStub(ServiceChannel.authenticated(channel));
            next = (int) Thread.currentThread().getId();
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(4)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public RateLegsResponse rateLegs(Client client) {
        client.next = (client.next + 1) & 1023;
        return client.stub.rateLegs(requests.get(client.next));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public int importDeck() throws IOException, InterruptedException {
        return upload(importTable);
    }

    private int upload(String table) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rate-tables/" + table + "/rates"))
                .header("Content-Type", "text/csv").timeout(Duration.ofMinutes(2))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(deck)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"imported\":" + ROWS)) {
            throw new IllegalStateException("import failed: " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    private String createTable(String kind) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rate-tables"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + UUID.randomUUID()
                        + "\",\"kind\":\"" + kind + "\",\"currency\":\"USD\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("could not create a table: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + "; see bench-service.log");
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within 90 s");
    }

    private static ChainLevel level(int level, String accountId, String rateTableId) {
        return ChainLevel.newBuilder().setLevel(level).setAccountId(accountId).setRateTableId(rateTableId)
                .setStatus(AccountStatus.ACCOUNT_STATUS_ACTIVE).setCurrency("USD").build();
    }

    private static String digits(Random random, int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
