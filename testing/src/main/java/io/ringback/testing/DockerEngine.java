package io.ringback.testing;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers here, asked once per JVM. */
final class DockerEngine {

    /** Set to {@code false} to skip the Docker probe (e.g. on CI machines known to have no engine). */
    static final String PROBE_ENV = "RINGBACK_TEST_DOCKER";

    private static Boolean available;

    private DockerEngine() {
    }

    static synchronized boolean available() {
        if (available == null) {
            available = !"false".equalsIgnoreCase(System.getenv(PROBE_ENV)) && probe();
        }
        return available;
    }

    private static boolean probe() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
