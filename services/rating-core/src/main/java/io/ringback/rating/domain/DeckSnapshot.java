package io.ringback.rating.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The decks one request rates with: each table id is resolved once, on first use, and every later
 * use in the request gets that same deck. A table replaced by an import while the request runs
 * therefore prices the whole request on the old deck or on the new one, never part on each.
 * Used by one thread for one request, so a plain map suffices.
 */
public final class DeckSnapshot implements RateDecks {

    private final RateDecks source;
    private final Map<String, Optional<RateDeck>> resolved = new HashMap<>(8);

    private DeckSnapshot(RateDecks source) {
        this.source = source;
    }

    /** A fresh snapshot over {@code source}; it resolves nothing until a table is asked for. */
    public static DeckSnapshot of(RateDecks source) {
        return new DeckSnapshot(source);
    }

    @Override
    public Optional<RateDeck> find(String tableId) {
        Optional<RateDeck> deck = resolved.get(tableId);
        if (deck == null) {
            deck = source.find(tableId);
            resolved.put(tableId, deck);
        }
        return deck;
    }
}
