package io.ringback.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a failure of something a request depends on (the database, another service), which the
 * client may retry, from a defect. The first is answered 503 / UNAVAILABLE, never 500 / INTERNAL
 * and never as the client's fault.
 */
public final class TransientErrors {

    private TransientErrors() {
    }

    /** Whether {@code error} or one of its causes is a failure of a dependency, not of the request. */
    public static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && transientSqlState(sql)) {
                return true;
            }
            if (cause instanceof StatusRuntimeException grpc && transientStatus(grpc.getStatus().getCode())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes of a database that cannot serve now: 08 connection exception, 53 insufficient
     * resources, 57 operator intervention (shutdown, cancel), 40 transaction rollback (serialization
     * failure, deadlock: retry), HY000 with no state is what a pool reports for an acquisition timeout.
     */
    private static boolean transientSqlState(SQLException sql) {
        String state = sql.getSQLState();
        if (state == null) {
            String message = String.valueOf(sql.getMessage()).toLowerCase();
            return message.contains("acquisition timeout") || message.contains("connection");
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("40");
    }

    private static boolean transientStatus(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }
}
