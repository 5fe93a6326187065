package io.ringback.service.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;

/** Every gRPC call a service makes to another carries the platform's service credential. */
@GlobalInterceptor
@Singleton
public class ServiceTokenClientInterceptor implements ClientInterceptor {

    private final ServiceCredential credential;

    public ServiceTokenClientInterceptor(ServiceCredential credential) {
        this.credential = credential;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                headers.put(ServiceTokenServerInterceptor.AUTHORIZATION, credential.bearer());
                super.start(listener, headers);
            }
        };
    }
}
