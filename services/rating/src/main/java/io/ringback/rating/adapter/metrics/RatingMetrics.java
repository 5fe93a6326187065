package io.ringback.rating.adapter.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ringback.common.Failure;
import io.ringback.rating.app.DeckCache;
import io.ringback.rating.app.ImportResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Rating's domain metrics (docs/operations.md, Metrics and alerts): the decks in memory and their
 * rates, and how long rate deck imports take by outcome. The latency of the gRPC methods is
 * {@link RatingCallTimer}'s.
 */
@ApplicationScoped
public class RatingMetrics {

    /** An import to time. */
    @FunctionalInterface
    public interface Import {
        ImportResult run() throws SQLException, IOException;
    }

    private final MeterRegistry registry;

    public RatingMetrics(MeterRegistry registry, DeckCache decks) {
        this.registry = registry;
        Gauge.builder("ringback.rating.decks", decks, cache -> cache.loaded().size())
                .description("Rate tables whose deck is in memory")
                .register(registry);
        Gauge.builder("ringback.rating.deck.rates", decks,
                        cache -> cache.loaded().stream().mapToLong(deck -> deck.index().size()).sum())
                .description("Rates held in memory, over every deck")
                .register(registry);
    }

    /**
     * Times one import: outcome {@code imported}, {@code refused} (the deck or the request was
     * refused, nothing changed) or {@code failed} (an error no rule anticipated, e.g. the database).
     */
    public ImportResult timeImport(Import work) throws SQLException, IOException {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            ImportResult result = work.run();
            outcome = "imported";
            return result;
        } catch (Failure refused) {
            outcome = "refused";
            throw refused;
        } finally {
            sample.stop(Timer.builder("ringback.rating.imports")
                    .description("Rate deck imports by outcome, with their duration")
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
                            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5))
                    .register(registry));
        }
    }
}
