package io.ringback.local;

import java.util.List;

/** The five services, with the port each serves REST, gRPC, health and metrics on by default. */
enum Service {
    // ZGC keeps accounts' caller-authorization tail short (docs/accounts.md, Benchmark).
    ACCOUNTS("accounts", 8081, "-XX:+UseZGC"),
    RATING("rating", 8082),
    MEDIA("media", 8083),
    CDR("cdr", 8084),
    SIGNALING("signaling", 8085);

    /** The order they start in: a service starts after those it calls. */
    static final List<Service> START_ORDER = List.of(ACCOUNTS, RATING, MEDIA, CDR, SIGNALING);

    final String id;
    final int defaultPort;
    /** JVM options of this service beyond the common ones. */
    final List<String> jvmOptions;

    Service(String id, int defaultPort, String... jvmOptions) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.jvmOptions = List.of(jvmOptions);
    }
}
