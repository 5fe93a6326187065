package io.ringback.rating.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

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
     * larger file is refused before anything is written. Default {@code 2000000}.
     */
    @WithDefault("2000000")
    int maxImportRows();
}
