package io.ringback.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus test application's {@code rating} gRPC client at the {@link RatingDouble}.
 * Use with {@code @QuarkusTestResource(RatingDoubleResource.class)}.
 */
public class RatingDoubleResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = String.valueOf(RatingDouble.start());
        return Map.of("quarkus.grpc.clients.rating.host", "127.0.0.1",
                "quarkus.grpc.clients.rating.port", port,
                "quarkus.grpc.clients.rating.test-port", port);
    }

    @Override
    public void stop() {
        // The double serves every test class of this JVM and stops with it.
    }
}
