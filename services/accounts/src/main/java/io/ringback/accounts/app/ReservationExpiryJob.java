package io.ringback.accounts.app;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Records in the ledger the reservations that expired unused (a call whose settlement and release
 * never came). Safe on several replicas at once: closing a reservation re-checks it under the
 * account locks, so only one of them writes its RELEASE entries.
 */
@ApplicationScoped
public class ReservationExpiryJob {

    private static final Logger LOG = Logger.getLogger(ReservationExpiryJob.class);
    /** Reservations closed per transaction batch; the next tick takes the rest. */
    private static final int BATCH = 500;

    private final LedgerService ledger;

    public ReservationExpiryJob(LedgerService ledger) {
        this.ledger = ledger;
    }

    @Scheduled(every = "${ringback.accounts.expiry-sweep-interval:PT30S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseExpired() {
        int closed = ledger.releaseExpired(BATCH);
        if (closed > 0) {
            LOG.infof("released %d expired reservation(s)", closed);
        }
    }
}
