package io.ringback.testing;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** A test's gRPC channel to a service, carrying the platform service credential as the services do. */
public final class ServiceChannel {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private ServiceChannel() {
    }

    /** Every call on the returned channel carries {@code authorization: Bearer <test service token>}. */
    public static Channel authenticated(Channel channel) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + AccountsDouble.SERVICE_TOKEN);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
