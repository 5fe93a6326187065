package io.ringback.service.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;

/**
 * Every gRPC service of the platform answers only calls carrying the service credential; others get
 * UNAUTHENTICATED before any method runs. The standard health service stays open for probes.
 */
@GlobalInterceptor
@Singleton
public class ServiceTokenServerInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

    private final ServiceCredential credential;

    public ServiceTokenServerInterceptor(ServiceCredential credential) {
        this.credential = credential;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())
                || credential.admits(headers.get(AUTHORIZATION))) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription(
                "a platform service credential is required (authorization: Bearer <ringback.platform.service-token>)"),
                new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
