package io.ringback.media.app;

import io.ringback.common.Failure;

/** An endpoint or bridge id that does not exist (never created, or destroyed). */
public class EndpointNotFoundException extends Failure {

    public EndpointNotFoundException(String message) {
        super(Kind.NOT_FOUND, "not-found", "Endpoint not found", message);
    }
}
