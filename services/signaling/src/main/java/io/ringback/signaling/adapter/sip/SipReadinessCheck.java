package io.ringback.signaling.adapter.sip;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while SIP listens: a load balancer sends no trigger to a replica that cannot take it. */
@Readiness
@ApplicationScoped
public class SipReadinessCheck implements HealthCheck {

    static final String NAME = "SIP listeners";

    private final SipServer server;

    public SipReadinessCheck(SipServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(server.listening());
        server.listeningPoints().forEach(point -> response.withData(point.substring(0, point.indexOf(' ')),
                point.substring(point.indexOf(' ') + 1)));
        return response.build();
    }
}
