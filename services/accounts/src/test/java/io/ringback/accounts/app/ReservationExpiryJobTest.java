package io.ringback.accounts.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringback.accounts.adapter.metrics.AccountsMetrics;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReservationExpiryJobTest {

    /** A ledger whose sweep fails as a closed pool does, counting the sweeps it was asked for. */
    private static final class ClosedPool extends LedgerService {
        final AtomicInteger sweeps = new AtomicInteger();

        ClosedPool() {
            super(null, null, null, null, null, null, null);
        }

        @Override
        public int releaseExpired(int limit) {
            sweeps.incrementAndGet();
            throw new IllegalStateException("This pool is closed and does not handle any more connections!");
        }
    }

    @Test
    void aFailureWhileRunningIsAnErrorButOnShutdownTheJobStopsQuietly() {
        ClosedPool ledger = new ClosedPool();
        ReservationExpiryJob job = new ReservationExpiryJob(ledger,
                new AccountsMetrics(new SimpleMeterRegistry(), null, null, null, null));
        assertThrows(IllegalStateException.class, job::releaseExpired, "a failure while running is reported");

        job.stop(null);
        job.releaseExpired();
        assertEquals(1, ledger.sweeps.get(), "no sweep starts once the service stops");
    }
}
