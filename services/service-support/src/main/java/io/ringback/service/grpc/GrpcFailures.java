package io.ringback.service.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.ringback.common.Failure;
import io.ringback.service.TransientErrors;
import org.jboss.logging.Logger;

/**
 * The one mapping of failures to gRPC status. A {@link Failure} says what it is; a failure of the
 * database or of another service is UNAVAILABLE (the caller retries); anything else is a defect
 * on this side: INTERNAL, logged, never INVALID_ARGUMENT.
 */
public final class GrpcFailures {

    private static final Logger LOG = Logger.getLogger(GrpcFailures.class);

    private GrpcFailures() {
    }

    public static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException status) {
            return status;
        }
        if (error instanceof StatusException status) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (error instanceof Failure failure) {
            return code(failure.kind()).withDescription(failure.getMessage()).asRuntimeException();
        }
        if (TransientErrors.isTransient(error)) {
            LOG.warnf(error, "a dependency failed while serving a gRPC call");
            return Status.UNAVAILABLE.withDescription("a service this call needs is unavailable; retry")
                    .asRuntimeException();
        }
        LOG.errorf(error, "unexpected error while serving a gRPC call");
        return Status.INTERNAL.withDescription("the call failed on the server; the error is logged").asRuntimeException();
    }

    public static Status code(Failure.Kind kind) {
        return switch (kind) {
            case INVALID, UNPROCESSABLE, TOO_LARGE -> Status.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
        };
    }
}
