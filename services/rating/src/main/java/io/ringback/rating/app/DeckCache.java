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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every rate table's deck, in memory, for lookups without a database query. A deck is immutable
 * and replaced whole (one reference swap), so a call rated during an import sees the old deck or
 * the new one, never a mix. The replica that imports installs the new deck at once; every replica
 * also compares table versions with the database every {@code ringback.rating.deck-refresh-interval}
 * and reloads what another replica changed or deleted.
 */
@ApplicationScoped
public class DeckCache implements RateDecks {

    private static final Logger LOG = Logger.getLogger(DeckCache.class);

    private final RateTableRepository repository;
    private final Map<String, RateDeck> decks = new ConcurrentHashMap<>();

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

    /** Reloads every table whose version differs from the deck in memory and drops deleted tables. */
    public synchronized void refresh() throws SQLException {
        Map<String, Long> versions = repository.versions();
        decks.keySet().removeIf(id -> !versions.containsKey(id));
        for (Map.Entry<String, Long> table : versions.entrySet()) {
            RateDeck held = decks.get(table.getKey());
            if (held == null || held.table().version() != table.getValue()) {
                repository.loadDeck(UUID.fromString(table.getKey())).ifPresent(this::install);
            }
        }
    }

    /** Makes a deck current unless a newer version of its table is already in place. */
    public void install(RateDeck deck) {
        decks.merge(deck.table().id(), deck,
                (held, offered) -> offered.table().version() >= held.table().version() ? offered : held);
    }

    public void remove(String tableId) {
        decks.remove(tableId);
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
