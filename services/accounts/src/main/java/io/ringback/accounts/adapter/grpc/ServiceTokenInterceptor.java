package io.ringback.accounts.adapter.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.ringback.accounts.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Admits a gRPC call only with {@code authorization: Bearer <ringback.accounts.service-token>}
 * metadata when a service token is configured (decision 0007): the gRPC API moves money and is
 * for the platform's own services, not for whoever reaches the port. Without a configured token
 * every call is admitted (and a warning is logged at start).
 */
@ApplicationScoped
public class ServiceTokenInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(ServiceTokenInterceptor.class);
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] expected;

    public ServiceTokenInterceptor(AccountsConfig config) {
        this.expected = config.serviceToken().filter(token -> !token.isBlank())
                .map(token -> ("Bearer " + token).getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (expected == null) {
            LOG.warn("ringback.accounts.service-token is not set: the gRPC API admits calls without credentials");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (expected != null) {
            String presented = headers.get(AUTHORIZATION);
            // Constant-time comparison: the token must not leak through response timing.
            if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                call.close(Status.UNAUTHENTICATED.withDescription(
                        "send authorization: Bearer <service token> metadata (ringback.accounts.service-token)"),
                        new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(call, headers);
    }
}
