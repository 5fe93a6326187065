package io.ringback.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus test application's {@code accounts} gRPC client at the {@link AccountsDouble}.
 * Use with {@code @QuarkusTestResource(AccountsDoubleResource.class)}.
 */
public class AccountsDoubleResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = String.valueOf(AccountsDouble.start());
        return Map.of("quarkus.grpc.clients.accounts.host", "127.0.0.1",
                "quarkus.grpc.clients.accounts.port", port,
                "quarkus.grpc.clients.accounts.test-port", port);
    }

    @Override
    public void stop() {
        // The double serves every test class of this JVM and stops with it.
    }
}
