package io.ringback.media.adapter.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.ringback.media.app.EndpointEvent;
import io.ringback.proto.media.v1.MediaEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventStreamTest {

    /** A call whose client reads only when the test says so. */
    static final class Call extends ServerCallStreamObserver<MediaEvent> {
        boolean ready;
        Runnable onReady;
        Runnable onCancel;
        final List<Long> sent = new ArrayList<>();
        Throwable error;

        void becomeReady() {
            ready = true;
            onReady.run();
        }

        @Override public boolean isCancelled() { return false; }
        @Override public void setOnCancelHandler(Runnable handler) { onCancel = handler; }
        @Override public void setCompression(String compression) { }
        @Override public boolean isReady() { return ready; }
        @Override public void setOnReadyHandler(Runnable handler) { onReady = handler; }
        @Override public void disableAutoInboundFlowControl() { }
        @Override public void request(int count) { }
        @Override public void setMessageCompression(boolean enable) { }
        @Override public void onNext(MediaEvent value) { sent.add(value.getSequence()); }
        @Override public void onError(Throwable t) { error = t; }
        @Override public void onCompleted() { }
    }

    private static EndpointEvent event(String session, long sequence) {
        return new EndpointEvent("e" + sequence, Instant.EPOCH, session, "leg", "ep", sequence, sequence,
                new EndpointEvent.MediaTimeout(3000));
    }

    @Test
    void eventsWaitWhileTheClientIsNotReadyAndFollowInOrderWhenItIs() {
        Call call = new Call();
        int[] unsubscribed = {0};
        EventStream stream = new EventStream(call, "s1", MediaGrpcService::toProto, 4);
        stream.start(() -> unsubscribed[0]++);
        stream.accept(event("s1", 1));
        stream.accept(event("other", 2));
        stream.accept(event("s1", 3));
        assertEquals(List.of(), call.sent);
        call.becomeReady();
        assertEquals(List.of(1L, 3L), call.sent);
        stream.accept(event("s1", 4));
        assertEquals(List.of(1L, 3L, 4L), call.sent);
        assertNull(call.error);
        call.onCancel.run();
        stream.accept(event("s1", 5));
        assertEquals(List.of(1L, 3L, 4L), call.sent);
        assertEquals(1, unsubscribed[0]);
    }

    @Test
    void aSubscriberFallingTooFarBehindIsDroppedWithResourceExhausted() {
        Call call = new Call();
        int[] unsubscribed = {0};
        EventStream stream = new EventStream(call, "", MediaGrpcService::toProto, 3);
        stream.start(() -> unsubscribed[0]++);
        for (long sequence = 1; sequence <= 4; sequence++) {
            stream.accept(event("s" + sequence, sequence));
        }
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(call.error).getCode());
        assertEquals("the Events subscriber fell 3 events behind (it reads too slowly) and was dropped; subscribe again",
                Status.fromThrowable(call.error).getDescription());
        assertEquals(1, unsubscribed[0]);
        call.becomeReady();
        assertEquals(List.of(), call.sent);
    }
}
