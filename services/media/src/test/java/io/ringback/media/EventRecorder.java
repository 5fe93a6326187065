package io.ringback.media;

import io.ringback.testing.ServiceChannel;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.ringback.proto.media.v1.EventsRequest;
import io.ringback.proto.media.v1.MediaEvent;
import io.ringback.proto.media.v1.MediaServiceGrpc;

import java.util.List;

/** Subscribes to the media service's Events stream and keeps every event, for the tests to look at. */
final class EventRecorder {

    private EventRecorder() {
    }

    /** Streams every media event into {@code events} until the channel closes. */
    static void recordAll(Channel channel, List<MediaEvent> events) {
        MediaServiceGrpc.newStub(ServiceChannel.authenticated(channel)).events(EventsRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(MediaEvent event) {
                events.add(event);
            }

            @Override
            public void onError(Throwable t) {
                // The stream ends with the channel when the test shuts it down.
            }

            @Override
            public void onCompleted() {
            }
        });
    }
}
