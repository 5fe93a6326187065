package io.ringback.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.CallbackRequested;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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

    /**
     * Issue #10's "Done means" with the real accounts service: a registered phone's trigger, sent by
     * SIPp as the provider's trunk, is refused with the service's reject code and never a 200; accounts
     * authorizes the caller; the {@code CallbackRequested} is read from {@code callback.jobs} on the
     * platform's broker; a repeat and a trigger from an untrusted source create nothing.
     */
    @Test
    void aTriggerIsAuthorizedByTheRealAccountsServiceAndPublishesOneCallbackRequested() throws Exception {
        Settings settings = freeSettings();
        try (LocalPlatform platform = LocalPlatform.start(settings)) {
            String admin = platform.adminKey();
            String account = post(platform, Service.ACCOUNTS, "/api/v1/accounts", admin,
                    "{\"name\":\"Trigger-Customer\",\"currency\":\"USD\"}").get("id").asText();
            post(platform, Service.ACCOUNTS, "/api/v1/accounts/" + account + "/payments", admin,
                    "{\"kind\":\"PAYMENT\",\"amount\":\"25.00\",\"description\":\"top-up\"}",
                    "Idempotency-Key", "trigger-it-1");
            post(platform, Service.ACCOUNTS, "/api/v1/accounts/" + account + "/phones", admin,
                    "{\"number\":\"+52 55 1234 5678\"}");
            // The platform's service on one of the seed's templates: any registered phone may use its DID.
            String template = get(platform, Service.SIGNALING, "/api/v1/templates?size=1", admin)
                    .get("items").get(0).get("id").asText();
            String service = post(platform, Service.SIGNALING, "/api/v1/callback-services", admin,
                    "{\"name\":\"Trigger-IT\",\"templateId\":\"" + template + "\",\"rejectCode\":480}")
                    .get("id").asText();
            post(platform, Service.SIGNALING, "/api/v1/dids", admin, "{\"number\":\"525580001000\","
                    + "\"callbackServiceId\":\"" + service + "\",\"trustedSources\":[\"127.0.0.1/32\"]}");
            String caller = "525512345678";

            // Configuration reaches the trigger within a second; until then the DID is unknown (404, no job).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String failed;
            do {
                failed = sippTrigger(settings, "127.0.0.1", caller, 480);
            } while (failed != null && System.nanoTime() < deadline);
            assertEquals(null, failed, "the reject code 480, and nothing else (no 200); signaling's log ends:\n"
                    + Files.readString(state.resolve("logs/signaling.log")).lines()
                    .skip(Math.max(0, Files.readString(state.resolve("logs/signaling.log")).lines().count() - 60))
                    .reduce("", (a, b) -> a + b + "\n"));

            List<ConsumerRecord<String, byte[]>> jobs = callbackJobs(settings, caller, 1, Duration.ofSeconds(30));
            assertEquals(1, jobs.size());
            CallbackRequested requested = CallbackRequested.parseFrom(jobs.get(0).value());
            assertEquals(caller, requested.getCallerNumber());
            assertEquals("525580001000", requested.getDid());
            assertEquals(service, requested.getCallbackServiceId());
            assertEquals(account, requested.getAccountId(), "accounts named the phone's account");
            assertEquals(requested.getSessionId(), queryOne(settings,
                    "SELECT session_id FROM signaling.callback_job WHERE caller_number = '" + caller + "'"));

            assertEquals(null, sippTrigger(settings, "127.0.0.1", caller, 480), "a repeat gets the reject code too");
            // 127.0.0.2 is loopback as well, but not the DID's trusted source.
            assertEquals(null, sippTrigger(settings, "127.0.0.2", caller, 403));
            assertEquals("1", queryOne(settings,
                    "SELECT count(*) FROM signaling.callback_job WHERE caller_number = '" + caller + "'"));
            assertEquals("1", queryOne(settings,
                    "SELECT count(*) FROM signaling.outbox_event WHERE event_key = '" + caller + "'"));
            assertEquals(1, callbackJobs(settings, caller, 2, Duration.ofSeconds(5)).size(), "nothing else was published for the caller");
        }
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

    /**
     * One trigger from SIPp on {@code localIp} with the tests' trunk scenario (signaling's
     * {@code sipp/trigger.xml}, which fails the call on any answer but {@code expected}, a 200 above
     * all); answers null when the call got {@code expected}, else SIPp's output.
     */
    private String sippTrigger(Settings settings, String localIp, String caller, int expected) throws Exception {
        Path scenario = state.resolve("trigger-" + expected + ".xml");
        Files.writeString(scenario, Files.readString(Path.of(System.getProperty("ringback.root"),
                        "services/signaling/src/test/resources/sipp/trigger.xml"), StandardCharsets.ISO_8859_1)
                .replace("@EXPECTED@", String.valueOf(expected)), StandardCharsets.ISO_8859_1);
        Path log = state.resolve("sipp-" + expected + ".log");
        Process sipp = new ProcessBuilder("sipp", "127.0.0.1:" + settings.sipPort(), "-sf", scenario.toString(),
                "-m", "1", "-l", "1", "-t", "u1", "-i", localIp, "-p", String.valueOf(freeBlock(1)),
                "-mp", String.valueOf(freeBlock(4)), "-key", "did", "525580001000", "-key", "caller", caller,
                "-recv_timeout", "10s", "-timeout", "30s", "-nostdin").directory(state.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(sipp.waitFor(60, TimeUnit.SECONDS), "SIPp ended");
        return sipp.exitValue() == 0 ? null : Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** The records keyed {@code caller} on callback.jobs, read from the start until {@code atLeast} or {@code wait}. */
    private static List<ConsumerRecord<String, byte[]>> callbackJobs(Settings settings, String caller, int atLeast,
                                                                     Duration wait) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + settings.kafkaPort(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + wait.toNanos();
            // The outbox relay's first publication creates the topic.
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                try {
                    partitions = consumer.partitionsFor(EventTopics.CALLBACK_JOBS, Duration.ofSeconds(1)).stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                } catch (TimeoutException notYet) {
                    partitions = List.of();
                }
            }
            assertFalse(partitions.isEmpty(), "callback.jobs exists");
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (caller.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    private static JsonNode post(LocalPlatform platform, Service service, String path, String bearer, String body,
                                 String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.baseUri(service).resolve(path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode get(LocalPlatform platform, Service service, String path, String bearer) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(platform.baseUri(service).resolve(path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
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
