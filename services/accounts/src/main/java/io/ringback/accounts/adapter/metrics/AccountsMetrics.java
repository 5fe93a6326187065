package io.ringback.accounts.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringback.accounts.adapter.kafka.LowBalanceNotices;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.adapter.persistence.LedgerRepository;
import io.ringback.accounts.app.PhonesService.CallerVerdict;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Locale;

/**
 * Accounts' domain metrics (docs/operations.md, Metrics and alerts): caller authorizations by
 * outcome, reservations open and overdue (read from the database at each scrape, so every replica
 * reports the same platform-wide figure) and those the expiry sweep closed, settlements of rated
 * CDRs by outcome and the records dead-lettered instead, and the low-balance notices waiting
 * for the outbox relay.
 */
@ApplicationScoped
public class AccountsMetrics {

    private final MeterRegistry registry;
    private final Counter settled;
    private final Counter replayed;
    private final Counter deadLetters;
    private final Counter expired;

    public AccountsMetrics(MeterRegistry registry, Database database, LedgerRepository ledger,
                           LowBalanceNotices lowBalance, Clock clock) {
        this.registry = registry;
        Gauge.builder("ringback.accounts.low.balance.notices.pending", () -> database.read(lowBalance::pending))
                .description("LowBalance events committed with their ledger entry and not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("ringback.accounts.reservations.open", () ->
                        database.read(c -> ledger.countOpenReservations(c, clock.instant(), false)))
                .description("Reservations holding funds now (open, not past their expiry), platform-wide")
                .register(registry);
        Gauge.builder("ringback.accounts.reservations.overdue", () ->
                        database.read(c -> ledger.countOpenReservations(c, clock.instant(), true)))
                .description("Reservations past their expiry the expiry sweep has not closed yet, platform-wide")
                .register(registry);
        expired = Counter.builder("ringback.accounts.reservations.expired")
                .description("Reservations the expiry sweep of this instance closed unused")
                .register(registry);
        settled = settlements("settled");
        replayed = settlements("replayed");
        deadLetters = Counter.builder("ringback.accounts.settlement.dead.letters")
                .description("Rated CDR records that cannot be settled, sent to cdr.rated.dlq")
                .register(registry);
    }

    private Counter settlements(String outcome) {
        return Counter.builder("ringback.accounts.settlements")
                .description("Rated CDRs consumed: settled, or replayed (already settled, nothing changed)")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** One AuthorizeCaller answer, by its verdict ({@code ok}, {@code insufficient_balance}, ...). */
    public void authorized(CallerVerdict verdict) {
        Counter.builder("ringback.accounts.authorizations")
                .description("AuthorizeCaller answers by outcome")
                .tag("outcome", verdict.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** A rated CDR settled ({@code replayed} false) or found already settled. */
    public void settlement(boolean replayed) {
        (replayed ? this.replayed : settled).increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    public void expired(int reservations) {
        expired.increment(reservations);
    }
}
