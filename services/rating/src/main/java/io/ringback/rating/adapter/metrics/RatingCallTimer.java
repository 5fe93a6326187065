package io.ringback.rating.adapter.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GlobalInterceptor;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Times every call of rating's gRPC API (Quote, Routes, RateLegs, GetRateTable) into a histogram
 * by method and status, so that the latency of quotes (on the callback's path) and of CDR rating
 * has percentiles and an alert.
 */
@GlobalInterceptor
@Singleton
public class RatingCallTimer implements ServerInterceptor {

    private final MeterRegistry registry;

    public RatingCallTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (!RatingServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Timer.Sample sample = Timer.start(registry);
        String method = call.getMethodDescriptor().getBareMethodName();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                sample.stop(Timer.builder("ringback.rating.calls")
                        .description("Calls of rating's gRPC API by method and status, with their duration")
                        .tag("method", method)
                        .tag("status", status.getCode().name())
                        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                                Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1))
                        .register(registry));
                super.close(status, trailers);
            }
        }, headers);
    }
}
