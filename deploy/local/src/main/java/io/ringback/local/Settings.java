package io.ringback.local;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the local run needs to know, read from environment variables with defaults that work on a
 * fresh machine.
 *
 * @param root          the repository's top folder (where {@code services/} is)
 * @param stateDir      where PostgreSQL data, Kafka logs and service logs live ({@code RINGBACK_STATE_DIR},
 *                      default {@code <root>/.ringback})
 * @param databaseUrl   an existing PostgreSQL database to use instead of the embedded one
 *                      ({@code RINGBACK_DB_URL}, with {@code RINGBACK_DB_USER} and {@code RINGBACK_DB_PASSWORD});
 *                      {@code null} for the embedded server
 * @param databaseUser  user for {@code databaseUrl} (the embedded server's is {@code ringback})
 * @param databasePassword password for {@code databaseUrl}
 * @param postgresPort  the embedded PostgreSQL's port ({@code RINGBACK_PG_PORT}, default 15432)
 * @param kafkaPort     the broker's client port ({@code RINGBACK_KAFKA_PORT}, default 19092); its
 *                      controller listens on the next port
 * @param servicePorts  each service's HTTP port ({@code RINGBACK_PORT_BASE}, default 8080: accounts on
 *                      base+1 ... signaling on base+5)
 * @param sipPort       signaling's SIP port, UDP and TCP on 127.0.0.1 ({@code RINGBACK_SIP_PORT}, default 5080)
 */
record Settings(Path root, Path stateDir, String databaseUrl, String databaseUser, String databasePassword,
                int postgresPort, int kafkaPort, Map<Service, Integer> servicePorts, int sipPort) {

    static final String EMBEDDED_USER = "ringback";
    static final String EMBEDDED_PASSWORD = "ringback";
    static final String EMBEDDED_DATABASE = "ringback";

    static Settings fromEnvironment(Path root) {
        Map<String, String> env = System.getenv();
        Path state = env.containsKey("RINGBACK_STATE_DIR") ? Path.of(env.get("RINGBACK_STATE_DIR"))
                : root.resolve(".ringback");
        String url = env.get("RINGBACK_DB_URL");
        boolean external = url != null && !url.isBlank();
        return new Settings(root.toAbsolutePath().normalize(), state.toAbsolutePath().normalize(),
                external ? url : null,
                external ? env.getOrDefault("RINGBACK_DB_USER", "") : EMBEDDED_USER,
                external ? env.getOrDefault("RINGBACK_DB_PASSWORD", "") : EMBEDDED_PASSWORD,
                intOf(env, "RINGBACK_PG_PORT", 15432),
                intOf(env, "RINGBACK_KAFKA_PORT", 19092),
                portsFrom(intOf(env, "RINGBACK_PORT_BASE", 8080)),
                intOf(env, "RINGBACK_SIP_PORT", 5080));
    }

    /** Service ports base+1 (accounts) to base+5 (signaling), the defaults being 8081 to 8085. */
    static Map<Service, Integer> portsFrom(int base) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, base + service.defaultPort - 8080);
        }
        return ports;
    }

    boolean embeddedDatabase() {
        return databaseUrl == null;
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    private static int intOf(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number, got '" + value + "'");
        }
    }
}
