package io.ringback.rating.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rate decks for tests, built from rows. */
final class Decks implements RateDecks {

    private final Map<String, RateDeck> decks = new HashMap<>();

    Decks with(String tableId, TableKind kind, RateRow... rows) {
        return with(tableId, kind, "USD", rows);
    }

    Decks with(String tableId, TableKind kind, String currency, RateRow... rows) {
        decks.put(tableId, deck(new RateTable(tableId, tableId, kind, currency, 1), rows));
        return this;
    }

    static RateDeck deck(RateTable table, RateRow... rows) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (int i = 0; i < rows.length; i++) {
            if (builder.add(rows[i], i + 2) >= 0) {
                throw new IllegalArgumentException("overlapping rows in test deck " + table.id());
            }
        }
        return new RateDeck(table, builder.build());
    }

    /**
     * Decks where every look-up of a table after its first finds a new version of it, as if an
     * import swapped it in between: a request that resolves a table twice sees both versions.
     */
    static RateDecks swappedOnEveryLookup(String tableId, List<RateRow> oldRows, List<RateRow> newRows) {
        int[] lookups = {0};
        return id -> {
            if (!id.equals(tableId)) {
                return Optional.empty();
            }
            boolean old = lookups[0]++ == 0;
            return Optional.of(deck(new RateTable(tableId, tableId, TableKind.CUSTOMER, "USD", old ? 1 : 2),
                    (old ? oldRows : newRows).toArray(RateRow[]::new)));
        };
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
