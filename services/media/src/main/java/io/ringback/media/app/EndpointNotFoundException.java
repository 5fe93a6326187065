package io.ringback.media.app;

/** An endpoint or bridge id that does not exist (never created, or destroyed). */
public class EndpointNotFoundException extends Exception {

    public EndpointNotFoundException(String message) {
        super(message);
    }
}
