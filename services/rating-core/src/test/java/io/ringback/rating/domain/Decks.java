package io.ringback.rating.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Rate decks for tests, built from rows. */
final class Decks implements RateDecks {

    private final Map<String, RateDeck> decks = new HashMap<>();

    Decks with(String tableId, TableKind kind, RateRow... rows) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (int i = 0; i < rows.length; i++) {
            if (builder.add(rows[i], i + 2) >= 0) {
                throw new IllegalArgumentException("overlapping rows in test deck " + tableId);
            }
        }
        decks.put(tableId, new RateDeck(new RateTable(tableId, tableId, kind, "USD", 1), builder.build()));
        return this;
    }

    @Override
    public Optional<RateDeck> find(String tableId) {
        return Optional.ofNullable(decks.get(tableId));
    }

    static RateRow row(String prefix, String price) {
        return RateRow.of(prefix, prefix, price, "0", 60, 60);
    }

    static RateRow row(String prefix, String price, String fee, int first, int next) {
        return RateRow.of(prefix, prefix, price, fee, first, next);
    }
}
