package io.ringback.rating.app;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.ringback.rating.adapter.persistence.RateTableRepository;
import io.ringback.rating.domain.RateDeck;
import io.ringback.rating.domain.RateDecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every rate table's deck, in memory, for lookups without a database query. A deck is immutable
 * and replaced whole (one reference swap); the rating rules resolve each table once per request
 * (a {@link io.ringback.rating.domain.DeckSnapshot}), so a call rated during an import sees the
 * old deck or the new one, never a mix. The replica that imports installs the new deck at once;
 * every replica also compares table versions with the database every
 * {@code ringback.rating.deck-refresh-interval} and reloads what another replica changed or deleted.
 *
 * <p>Reads take no lock. Every change (install, remove, the refresh's removals) happens under one
 * lock, with two rules that make the order of racing changes irrelevant: a deck never replaces a
 * newer version of its table, and a removed table stays removed (ids are never reused), so an
 * import that commits just before a delete cannot bring the table back. A refresh removes only
 * decks installed before it read the versions, so a table created meanwhile is kept.
 */
@ApplicationScoped
public class DeckCache implements RateDecks {

    private static final Logger LOG = Logger.getLogger(DeckCache.class);

    private final RateTableRepository repository;
    private final Map<String, RateDeck> decks = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: for each deck held, the change count when it was installed. */
    private final Map<String, Long> installedAt = new HashMap<>();
    /** Guarded by {@link #lock}: tables removed, never to be installed again. */
    private final Set<String> removed = new HashSet<>();
    /** Guarded by {@link #lock}: counts installs, so a refresh knows which decks are newer than its read. */
    private long changes;

    public DeckCache(RateTableRepository repository) {
        this.repository = repository;
    }

    void loadAtStart(@Observes StartupEvent start) throws SQLException {
        refresh();
        LOG.infof("loaded %d rate decks", decks.size());
    }

    @Scheduled(every = "${ringback.rating.deck-refresh-interval}", delayed = "${ringback.rating.deck-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshPeriodically() {
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "rate deck refresh failed; the decks in memory stay in use and the refresh is retried");
        }
    }

    /**
     * Drops tables deleted in the database and reloads every table whose stored version is newer
     * than the deck in memory. Decks are loaded outside the lock (a large deck takes a while) and
     * installed under the usual rules.
     */
    public void refresh() throws SQLException {
        long mark;
        synchronized (lock) {
            mark = changes;
        }
        Map<String, Long> versions = repository.versions();
        synchronized (lock) {
            for (String id : Set.copyOf(decks.keySet())) {
                if (!versions.containsKey(id) && installedAt.getOrDefault(id, Long.MAX_VALUE) <= mark) {
                    removeLocked(id);
                }
            }
        }
        for (Map.Entry<String, Long> table : versions.entrySet()) {
            RateDeck held = decks.get(table.getKey());
            if (held == null || held.table().version() < table.getValue()) {
                repository.loadDeck(UUID.fromString(table.getKey())).ifPresent(this::install);
            }
        }
    }

    /** Makes a deck current unless its table was removed or a newer version of it is already in place. */
    public void install(RateDeck deck) {
        String id = deck.table().id();
        synchronized (lock) {
            if (removed.contains(id)) {
                return;
            }
            RateDeck held = decks.get(id);
            if (held == null || deck.table().version() >= held.table().version()) {
                decks.put(id, deck);
                installedAt.put(id, ++changes);
            }
        }
    }

    /** Forgets the table for good: a deck of it installed later (a racing import) is refused. */
    public void remove(String tableId) {
        synchronized (lock) {
            removeLocked(tableId);
        }
    }

    private void removeLocked(String tableId) {
        removed.add(tableId);
        decks.remove(tableId);
        installedAt.remove(tableId);
    }

    /** The decks in memory now. */
    public Collection<RateDeck> loaded() {
        return decks.values();
    }

    @Override
    public Optional<RateDeck> find(String tableId) {
        RateDeck deck = decks.get(tableId);
        if (deck == null && tableId != null) {
            deck = decks.get(tableId.trim().toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(deck);
    }
}
