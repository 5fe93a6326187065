package io.ringback.local;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The whole platform on one machine: an embedded PostgreSQL (unless a database URL is given), a
 * real Kafka broker process and the five services from their built jars. {@link #close()} stops
 * everything it started, in reverse order.
 */
public final class LocalPlatform implements AutoCloseable {

    /** How long services and the broker may take to become ready. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** The local run's SIP listens on loopback only. */
    static final String SIP_ADDRESS = "127.0.0.1";
    static final String ADMIN_KEY_ENV = "RINGBACK_ACCOUNTS_ADMIN_KEY";
    static final String SERVICE_TOKEN_ENV = "RINGBACK_PLATFORM_SERVICE_TOKEN";
    static final String CREDENTIAL_KEY_ENV = "RINGBACK_SIGNALING_GATEWAY_CREDENTIALS_KEY";
    /** The seed's IVR templates, loaded into every local run. */
    static final String EXAMPLE_TEMPLATES = "docs/examples/templates";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Settings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, ChildProcess> services = new EnumMap<>(Service.class);
    private ChildProcess kafka;

    private LocalPlatform(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("ringback.root", ".")).toAbsolutePath().normalize();
        Settings settings = Settings.fromEnvironment(root);
        Instant begin = Instant.now();
        LocalPlatform platform = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Ringback ...");
            platform.close();
            System.out.println("Stopped.");
        }, "ringback-local-stop"));
        platform.printWhereEverythingListens(Duration.between(begin, Instant.now()));
        Thread.currentThread().join();
    }

    /** Starts everything and answers once every service reports ready; on failure stops what it started. */
    static LocalPlatform start(Settings settings) throws IOException, InterruptedException, SQLException {
        LocalPlatform platform = new LocalPlatform(settings);
        try {
            platform.startAll();
            return platform;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException, SQLException {
        requireBuilt();
        String databaseUrl = settings.databaseUrl();
        if (settings.embeddedDatabase()) {
            log("Starting embedded PostgreSQL on port " + settings.postgresPort());
            EmbeddedDatabase database = EmbeddedDatabase.start(settings.stateDir().resolve("postgres"),
                    settings.postgresPort());
            started.add(database);
            databaseUrl = database.jdbcUrl();
        }
        log("Starting Kafka (KRaft) on port " + settings.kafkaPort());
        kafka = KafkaServer.start(settings, kafkaClasspath());
        started.add(kafka);
        await("Kafka", kafka, () -> KafkaServer.listening(settings.kafkaPort()));

        Map<String, String> env = serviceEnvironment(databaseUrl);
        for (Service service : Service.START_ORDER) {
            Map<String, String> own = new HashMap<>(env);
            own.put("QUARKUS_HTTP_PORT", String.valueOf(port(service)));
            if (service == Service.SIGNALING) {
                own.put("RINGBACK_SIGNALING_SIP_BIND_ADDRESS", SIP_ADDRESS);
                own.put("RINGBACK_SIGNALING_SIP_PORT", String.valueOf(settings.sipPort()));
                own.put(CREDENTIAL_KEY_ENV, secret(CREDENTIAL_KEY_ENV, "gateway-credentials-key",
                        random -> Base64.getEncoder().encodeToString(random)));
            }
            log("Starting " + service.id + " on port " + port(service));
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaBinary(), "-Xmx512m"));
            command.addAll(service.jvmOptions);
            command.addAll(List.of("-jar", runnerJar(service).toString()));
            ChildProcess process = ChildProcess.start(service.id, command, own,
                    settings.stateDir().resolve("logs").resolve(service.id + ".log"));
            started.add(process);
            services.put(service, process);
        }
        for (Service service : Service.START_ORDER) {
            await(service.id, services.get(service), () -> ready(service));
        }
        loadExampleTemplates();
    }

    /**
     * Creates the seed's IVR templates ({@value #EXAMPLE_TEMPLATES}/*.json) as the platform's
     * through signaling's API, as an operator would; one already there from an earlier run (409
     * name-taken) is left as it is. Any other answer stops the start: the examples are part of the
     * platform's contract.
     */
    private void loadExampleTemplates() throws IOException, InterruptedException {
        List<Path> examples;
        try (var files = Files.list(settings.root().resolve(EXAMPLE_TEMPLATES))) {
            examples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        URI templates = baseUri(Service.SIGNALING).resolve("/api/v1/templates");
        String key = adminKey();
        for (Path example : examples) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(templates).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(example)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                log("Loaded template " + example.getFileName());
            } else if (response.statusCode() != 409 || !response.body().contains("name-taken")) {
                throw new IllegalStateException("signaling refused example template " + example + ": "
                        + response.statusCode() + " " + response.body());
            }
        }
    }

    /** What every service is told: where the database, the broker and the other services are. */
    private Map<String, String> serviceEnvironment(String databaseUrl) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(ADMIN_KEY_ENV, adminKey());
        env.put(SERVICE_TOKEN_ENV, secret(SERVICE_TOKEN_ENV, "service-token",
                random -> "rb_service_" + HexFormat.of().formatHex(random)));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", databaseUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", settings.databaseUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", settings.databasePassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        for (Service target : Service.values()) {
            String prefix = "QUARKUS_GRPC_CLIENTS_" + target.id.toUpperCase() + "_";
            env.put(prefix + "HOST", "localhost");
            env.put(prefix + "PORT", String.valueOf(port(target)));
        }
        return env;
    }

    /**
     * The platform admin key: {@value #ADMIN_KEY_ENV} if set, otherwise one generated on the first
     * run and kept in the state folder, so that the BSS examples work on every later run too.
     */
    String adminKey() throws IOException {
        return secret(ADMIN_KEY_ENV, "admin-key", random -> "rb_admin_" + HexFormat.of().formatHex(random));
    }

    /**
     * A secret of the platform: the environment variable if set, otherwise 256 random bits made on
     * the first run and kept (owner-readable only) in the state folder, written by {@code format}. The
     * admin key, the service credential every gRPC call between the services carries, and the key
     * signaling seals gateways' digest passwords with.
     */
    private String secret(String env, String fileName, Function<byte[], String> format) throws IOException {
        String given = System.getenv(env);
        if (given != null && !given.isBlank()) {
            return given;
        }
        Path file = settings.stateDir().resolve(fileName);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, format.apply(random));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).trim();
    }

    int port(Service service) {
        return settings.servicePorts().get(service);
    }

    URI baseUri(Service service) {
        return URI.create("http://localhost:" + port(service));
    }

    /** The processes started, for checking that none outlives {@link #close()}. */
    List<ChildProcess> processes() {
        List<ChildProcess> all = new ArrayList<>(services.values());
        if (kafka != null) {
            all.add(kafka);
        }
        return all;
    }

    private boolean ready(Service service) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(baseUri(service).resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(String what, ChildProcess process, Condition condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!condition.holds()) {
            if (!process.alive()) {
                throw new IllegalStateException(what + " exited before it was ready; last lines of " + process.log()
                        + ":\n" + process.tail(30));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " was not ready within " + READY_TIMEOUT + "; last lines of "
                        + process.log() + ":\n" + process.tail(30));
            }
            Thread.sleep(250);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds();
    }

    private void requireBuilt() {
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(runnerJar(service))) {
                throw new IllegalStateException(runnerJar(service) + " is missing: build first (./mvnw install -DskipTests)");
            }
        }
    }

    private Path runnerJar(Service service) {
        return settings.root().resolve("services").resolve(service.id)
                .resolve("target/quarkus-app/quarkus-run.jar");
    }

    private String kafkaClasspath() {
        return settings.root().resolve("deploy/local/target/lib").toString() + File.separator + "*";
    }

    private void printWhereEverythingListens(Duration took) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(System.lineSeparator()).append("Ringback is up (ready in ").append(took.toSeconds()).append(" s).")
                .append(System.lineSeparator());
        for (Service service : Service.START_ORDER) {
            out.append(String.format("  %-10s %s  (REST /api/v1, gRPC, /q/health, /q/metrics, /q/openapi)%n",
                    service.id, baseUri(service)));
        }
        out.append(String.format("  %-10s sip:%s:%d (UDP and TCP)%n", "sip", SIP_ADDRESS, settings.sipPort()));
        out.append(String.format("  %-10s %s%n", "kafka", settings.kafkaBootstrap()));
        out.append(String.format("  %-10s %s%n", "postgres", settings.embeddedDatabase()
                ? "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + Settings.EMBEDDED_DATABASE
                + " (user " + Settings.EMBEDDED_USER + ")" : settings.databaseUrl()));
        out.append("  logs       ").append(settings.stateDir().resolve("logs")).append(System.lineSeparator());
        out.append("  admin key  ").append(System.getenv(ADMIN_KEY_ENV) != null ? "$" + ADMIN_KEY_ENV
                : settings.stateDir().resolve("admin-key").toString()).append(System.lineSeparator());
        out.append("Press Ctrl-C to stop everything.").append(System.lineSeparator());
        System.out.print(out);
    }

    private static void log(String line) {
        System.out.println("[ringback] " + line);
    }

    /** Stops the services, then the broker, then the database: the reverse of the start. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (AutoCloseable resource : reverse) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("[ringback] stopping " + resource + " failed: " + e);
            }
        }
        started.clear();
    }
}
