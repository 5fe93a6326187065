package io.ringback.cdr.app;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * What the service's scheduled jobs share: no pass starts once the service stops, one cut off by
 * the stop is no error, and a failed pass (the database away) is logged and left to the next
 * pass, whose work is still there (each pass works in transactions that roll back).
 */
abstract class GuardedJob {

    /** One pass of a job. */
    interface Pass {
        void run() throws SQLException;
    }

    private final Logger log = Logger.getLogger(getClass());
    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Runs {@code pass} unless the service is stopping; {@code what} names it in the log. */
    void guarded(String what, Pass pass) {
        if (stopping) {
            return;
        }
        try {
            pass.run();
        } catch (SQLException | RuntimeException e) {
            if (stopping) {
                log.debugf("%s cut off by the shutdown (rolled back): %s", what, e.getMessage());
                return;
            }
            log.warnf(e, "%s failed; its work is left for the next pass", what);
        }
    }
}
