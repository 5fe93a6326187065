package io.ringback.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus test application's {@code media} gRPC client at the {@link MediaDouble}.
 * Use with {@code @QuarkusTestResource(MediaDoubleResource.class)}.
 */
public class MediaDoubleResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = String.valueOf(MediaDouble.start());
        return Map.of("quarkus.grpc.clients.media.host", "127.0.0.1",
                "quarkus.grpc.clients.media.port", port,
                "quarkus.grpc.clients.media.test-port", port);
    }

    @Override
    public void stop() {
        // The double serves every test class of this JVM and stops with it.
    }
}
