package io.ringback.service.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.inject.Singleton;

/**
 * Applies {@link GrpcFailures} to whatever a gRPC service method throws (or a Mutiny service fails
 * with), so no service answers UNKNOWN or leaks an exception message it did not write.
 */
@Singleton
public class FailureExceptionHandlerProvider implements ExceptionHandlerProvider {

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
                                                                     ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable error, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusRuntimeException status = GrpcFailures.toStatus(error);
                Metadata trailers = status.getTrailers() == null ? new Metadata() : status.getTrailers();
                serverCall.close(status.getStatus(), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable error) {
        return GrpcFailures.toStatus(error);
    }
}
