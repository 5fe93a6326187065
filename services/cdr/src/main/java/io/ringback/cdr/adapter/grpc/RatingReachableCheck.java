package io.ringback.cdr.adapter.grpc;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.quarkus.grpc.GrpcClient;
import io.ringback.cdr.config.CdrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/**
 * Ready only while the rating service answers over gRPC: without it no CDR can be rated, so this
 * replica should not take traffic. Asks rating's standard gRPC health service.
 */
@Readiness
@ApplicationScoped
public class RatingReachableCheck implements HealthCheck {

    static final String NAME = "rating";

    private final Channel rating;
    private final CdrConfig config;

    public RatingReachableCheck(@GrpcClient("rating") Channel rating, CdrConfig config) {
        this.rating = rating;
        this.config = config;
    }

    @Override
    public org.eclipse.microprofile.health.HealthCheckResponse call() {
        HealthCheckResponseBuilder response = org.eclipse.microprofile.health.HealthCheckResponse.named(NAME);
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(rating)
                    .withDeadlineAfter(config.ratingCheckTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return response.status(answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING)
                    .withData("grpc", answer.getStatus().name()).build();
        } catch (StatusRuntimeException e) {
            return response.down().withData("grpc", e.getStatus().getCode().name()).build();
        }
    }
}
