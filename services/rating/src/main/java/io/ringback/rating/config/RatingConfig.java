package io.ringback.rating.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Configuration of the rating service, keys under {@code ringback.rating}. */
@ConfigMapping(prefix = "ringback.rating")
public interface RatingConfig {

    /**
     * {@code ringback.rating.deck-refresh-interval}: how often each replica looks for rate tables
     * changed by another replica and rebuilds its in-memory lookup (ISO-8601 duration). Default
     * {@code PT5S}.
     */
    @WithDefault("PT5S")
    Duration deckRefreshInterval();

    /**
     * {@code ringback.rating.max-import-rows}: the most rows one CSV rate-deck import may hold; a
     * larger file is refused and nothing is written. Default {@code 2000000}.
     */
    @WithDefault("2000000")
    int maxImportRows();

    /**
     * {@code ringback.rating.max-call-duration}: the longest call a quote ever allows when the
     * request sets no cap (ISO-8601 duration, whole seconds). Default {@code PT3H}.
     */
    @WithDefault("PT3H")
    Duration maxCallDuration();

    /**
     * {@code ringback.rating.non-billable-q850-causes}: Q.850 hang-up causes whose answered legs
     * are not charged (comma-separated cause numbers). Default: none, so every answered leg is
     * billed for the time it was up, whatever ended it.
     */
    Optional<Set<Integer>> nonBillableQ850Causes();
}
