package io.ringback.media.adapter.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.ringback.media.app.EndpointEvent;
import io.ringback.proto.media.v1.MediaEvent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One subscriber of the Events stream, with gRPC flow control: events wait in a bounded queue and
 * are written only while the call is ready (the client keeps up). A subscriber that falls more than
 * the queue's capacity behind is dropped with RESOURCE_EXHAUSTED rather than buffering without
 * bound; it resubscribes, from the last session sequence it saw (media.proto).
 *
 * <p>Thread-safe: events come from the RTP threads and gRPC workers, the ready and cancel handlers
 * from the call's executor; the observer, which is not thread-safe, is only used under this monitor.
 */
final class EventStream implements Consumer<EndpointEvent> {

    /** Events a subscriber may fall behind before it is dropped. */
    static final int CAPACITY = 1024;

    private final ServerCallStreamObserver<MediaEvent> stream;
    private final String session;
    private final Function<EndpointEvent, MediaEvent> toProto;
    private final int capacity;
    private final Queue<MediaEvent> queue = new ArrayDeque<>();
    private Runnable unsubscribe = () -> { };
    private boolean done;

    EventStream(ServerCallStreamObserver<MediaEvent> stream, String session,
                Function<EndpointEvent, MediaEvent> toProto, int capacity) {
        this.stream = stream;
        this.session = session;
        this.toProto = toProto;
        this.capacity = capacity;
    }

    /** Wires the call's handlers; call from the service method, before it returns. */
    synchronized void start(Runnable unsubscribeHandle) {
        unsubscribe = unsubscribeHandle;
        stream.setOnReadyHandler(this::drain);
        stream.setOnCancelHandler(this::cancelled);
    }

    @Override
    public void accept(EndpointEvent event) {
        if (!session.isEmpty() && !session.equals(event.sessionId())) {
            return;
        }
        MediaEvent message = toProto.apply(event);
        synchronized (this) {
            if (done) {
                return;
            }
            if (queue.size() >= capacity) {
                done = true;
                queue.clear();
                unsubscribe.run();
                stream.onError(Status.RESOURCE_EXHAUSTED.withDescription("the Events subscriber fell " + capacity
                        + " events behind (it reads too slowly) and was dropped; subscribe again").asRuntimeException());
                return;
            }
            queue.add(message);
            drain();
        }
    }

    private synchronized void drain() {
        while (!done && !queue.isEmpty() && stream.isReady()) {
            stream.onNext(queue.poll());
        }
    }

    private synchronized void cancelled() {
        done = true;
        queue.clear();
        unsubscribe.run();
    }
}
