package io.ringback.local;

import java.util.List;

/** The five services, with the port each serves REST, gRPC, health and metrics on by default. */
enum Service {
    ACCOUNTS("accounts", 8081),
    RATING("rating", 8082),
    MEDIA("media", 8083),
    CDR("cdr", 8084),
    SIGNALING("signaling", 8085);

    /** The order they start in: a service starts after those it calls. */
    static final List<Service> START_ORDER = List.of(ACCOUNTS, RATING, MEDIA, CDR, SIGNALING);

    final String id;
    final int defaultPort;

    Service(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }
}
