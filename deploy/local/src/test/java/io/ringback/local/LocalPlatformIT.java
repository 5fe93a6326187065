package io.ringback.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the platform exactly as the README's run command does (embedded PostgreSQL, a Kafka broker
 * process, the five services from their built jars), on ports of its own, and stops it again.
 */
class LocalPlatformIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    @Test
    void everyServiceBecomesReadyCdrReachesRatingOverGrpcAndNothingOutlivesTheStop() throws Exception {
        Settings settings = freeSettings();
        List<ChildProcess> processes;
        String accountId;
        long began = System.nanoTime();
        try (LocalPlatform platform = LocalPlatform.start(settings)) {
            System.out.printf("platform ready in %d ms%n", (System.nanoTime() - began) / 1_000_000);
            processes = platform.processes();
            assertEquals(6, processes.size(), "five services and the broker");
            for (Service service : Service.values()) {
                JsonNode ready = get(platform, service, "/q/health/ready");
                assertEquals("UP", ready.get("status").asText(), service.id + " readiness");
            }
            JsonNode rating = check(get(platform, Service.CDR, "/q/health/ready"), "rating");
            assertEquals("UP", rating.get("status").asText());
            assertEquals("SERVING", rating.get("data").get("grpc").asText(), "cdr asked rating over gRPC");
            JsonNode messaging = check(get(platform, Service.CDR, "/q/health/ready"),
                    "SmallRye Reactive Messaging - readiness check");
            assertEquals("[OK]", messaging.get("data").get("call-legs").asText(), "cdr consumes call.legs");

            String adminKey = platform.adminKey();
            assertEquals(200, status(platform, Service.ACCOUNTS, "/api/v1/accounts", adminKey),
                    "the admin key the run command made is the one accounts accepts");
            assertEquals(401, status(platform, Service.ACCOUNTS, "/api/v1/accounts", "not-the-key"));

            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                            platform.baseUri(Service.ACCOUNTS).resolve("/api/v1/accounts"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Customer-001\",\"currency\":\"USD\"}"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            accountId = JSON.readTree(created.body()).get("id").asText();

            // A key accounts issued is resolved by every other service through accounts' Authenticate.
            HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(
                            platform.baseUri(Service.ACCOUNTS).resolve("/api/v1/accounts/" + accountId + "/api-keys"))
                    .header("Authorization", "Bearer " + adminKey)
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, issued.statusCode(), issued.body());
            String agentKey = JSON.readTree(issued.body()).get("key").asText();
            assertEquals(List.of("corporate-en", "international-multi-language", "premium-music-on-hold", "prepaid-es",
                    "technical"), templateNames(platform, adminKey), "the seed's templates are loaded, checked by media");
            for (Service service : List.of(Service.RATING, Service.MEDIA)) {
                String path = service == Service.RATING ? "/api/v1/rate-tables" : "/api/v1/prompts";
                assertEquals(200, status(platform, service, path, adminKey), service.id + " accepts the admin key");
                assertEquals(200, status(platform, service, path, agentKey), service.id + " accepts an agent key");
                assertEquals(401, status(platform, service, path, "rbk_not-a-key"), service.id + " refuses a wrong key");
            }
        }
        for (ChildProcess process : processes) {
            assertFalse(process.alive(), process.name() + " (pid " + process.pid() + ") outlived the stop");
        }
        assertFalse(KafkaServer.listening(settings.kafkaPort()), "the broker's port is closed");

        try (LocalPlatform again = LocalPlatform.start(settings)) {
            assertEquals("UP", get(again, Service.ACCOUNTS, "/q/health/ready").get("status").asText());
            assertEquals("Customer-001", queryOne(settings,
                    "SELECT name FROM accounts.account WHERE id = '" + accountId + "'"),
                    "the database keeps its data across runs");
            assertEquals(5, templateNames(again, again.adminKey()).size(), "a restart loads no template twice");
        }
        assertTrue(Files.isRegularFile(state.resolve("kafka/data/meta.properties")), "Kafka storage was formatted once");
    }

    @Test
    void aServiceWithoutTheServiceCredentialRefusesToStartAndSaysWhichSetting() throws Exception {
        Path jar = Path.of(System.getProperty("ringback.root"), "services/rating/target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(ChildProcess.javaBinary(), "-jar", jar.toString())
                .redirectErrorStream(true);
        builder.environment().remove(LocalPlatform.SERVICE_TOKEN_ENV);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(freeBlock(1)));
        Process rating = builder.start();
        String output = new String(rating.getInputStream().readAllBytes());
        assertTrue(rating.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "it exits");
        assertFalse(rating.exitValue() == 0, "it does not start: " + output);
        assertTrue(output.contains("ringback.platform.service-token"), "it names the setting: " + output);
    }

    private Settings freeSettings() throws IOException {
        return new Settings(Path.of(System.getProperty("ringback.root")), state, null, Settings.EMBEDDED_USER,
                Settings.EMBEDDED_PASSWORD, freeBlock(1), freeBlock(2), Settings.portsFrom(freeBlock(6)), freeBlock(1));
    }

    /** The first of {@code size} consecutive free ports. */
    private static int freeBlock(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(first, size)) {
                return first;
            }
        }
        throw new IOException("no block of " + size + " free ports found");
    }

    private static boolean allFree(int first, int size) {
        for (int port = first; port < first + size; port++) {
            try (ServerSocket ignored = new ServerSocket(port)) {
                ignored.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode get(LocalPlatform platform, Service service, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(platform.baseUri(service).resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int status(LocalPlatform platform, Service service, String path, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(platform.baseUri(service).resolve(path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check named " + name + " in " + health);
    }

    private static Connection connect(Settings settings) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + settings.postgresPort() + "/"
                + Settings.EMBEDDED_DATABASE, Settings.EMBEDDED_USER, Settings.EMBEDDED_PASSWORD);
    }

    private static String queryOne(Settings settings, String sql) throws Exception {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), "a row for " + sql);
            return rows.getString(1);
        }
    }

    /** The names of the platform's templates, as signaling lists them (by name). */
    private static List<String> templateNames(LocalPlatform platform, String adminKey) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        platform.baseUri(Service.SIGNALING).resolve("/api/v1/templates?size=50"))
                .header("Authorization", "Bearer " + adminKey).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }
}
