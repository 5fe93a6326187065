package io.ringback.testing;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;

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
        // Without DOCKER_HOST or a local socket there is nothing to ask; skipping Testcontainers'
        // own probe spares its error log on machines that have no Docker engine at all.
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
                && !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
