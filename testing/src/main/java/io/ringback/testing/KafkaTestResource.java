package io.ringback.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus test application at the JVM's real {@link KafkaBroker}.
 * Use with {@code @QuarkusTestResource(KafkaTestResource.class)}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker serves every test class of this JVM and stops with it.
    }
}
