package io.ringback.accounts.app;

import io.quarkus.runtime.ShutdownEvent;
import io.ringback.accounts.adapter.metrics.AccountsMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Records in the ledger the reservations that expired unused (a call whose settlement and release
 * never came). Safe on several replicas at once: closing a reservation re-checks it under the
 * account locks, so only one of them writes its RELEASE entries. On shutdown it stops quietly: no
 * new sweep starts, and a sweep cut off by the closing connection pool rolls back (its
 * transaction never commits) and is logged at DEBUG, not as an error; the next start sweeps again.
 */
@ApplicationScoped
public class ReservationExpiryJob {

    private static final Logger LOG = Logger.getLogger(ReservationExpiryJob.class);
    /** Reservations closed per transaction batch; the next tick takes the rest. */
    private static final int BATCH = 500;

    private final LedgerService ledger;
    private volatile boolean stopping;

    private final AccountsMetrics metrics;

    public ReservationExpiryJob(LedgerService ledger, AccountsMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @Scheduled(every = "${ringback.accounts.expiry-sweep-interval:PT30S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void releaseExpired() {
        if (stopping) {
            return;
        }
        int closed;
        try {
            closed = ledger.releaseExpired(BATCH);
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.debugf("expiry sweep cut off by the shutdown (rolled back): %s", e.getMessage());
                return;
            }
            throw e;
        }
        metrics.expired(closed);
        if (closed > 0) {
            LOG.infof("released %d expired reservation(s)", closed);
        }
    }
}
