package io.ringback.media.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans endpoint events out to the subscribers of the Events stream. Events are not persisted
 * (media.proto): a subscriber gets what happens while it is subscribed.
 */
@ApplicationScoped
public class MediaEventBus {

    private final CopyOnWriteArrayList<Consumer<EndpointEvent>> subscribers = new CopyOnWriteArrayList<>();

    /** Subscribes; run the returned handle to unsubscribe. */
    public Runnable subscribe(Consumer<EndpointEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    void publish(EndpointEvent event) {
        for (Consumer<EndpointEvent> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }
}
