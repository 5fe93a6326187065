package io.ringback.media.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans endpoint events out to the subscribers of the Events stream. Events are not persisted
 * (media.proto): a subscriber gets what happens while it is subscribed.
 */
@ApplicationScoped
public class MediaEventBus {

    private static final Logger LOG = Logger.getLogger(MediaEventBus.class.getName());

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
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                // One broken subscriber must neither starve the others nor fail the endpoint publishing.
                LOG.log(Level.WARNING, "an Events subscriber failed on event " + event.eventId(), e);
            }
        }
    }
}
