package io.ringback.rating.app;

import io.ringback.rating.adapter.persistence.RateTableRepository;
import io.ringback.rating.domain.PrefixIndex;
import io.ringback.rating.domain.RateDeck;
import io.ringback.rating.domain.RateTable;
import io.ringback.rating.domain.TableKind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache's rules for racing changes on one replica, with the database played by a map. */
class DeckCacheTest {

    /** Tables as the database holds them; a hook runs just after the refresh has read the versions. */
    private static final class Database extends RateTableRepository {

        final Map<String, RateDeck> tables = new HashMap<>();
        Runnable afterVersionsRead = () -> { };

        Database() {
            super(null);
        }

        @Override
        public Map<String, Long> versions() {
            Map<String, Long> versions = new HashMap<>();
            tables.forEach((id, deck) -> versions.put(id, deck.table().version()));
            afterVersionsRead.run();
            return versions;
        }

        @Override
        public Optional<RateDeck> loadDeck(UUID id) {
            return Optional.ofNullable(tables.get(id.toString()));
        }
    }

    private final Database database = new Database();
    private final DeckCache cache = new DeckCache(database);

    private static RateDeck deck(String id, long version) {
        return new RateDeck(new RateTable(id, "t-" + id, TableKind.CUSTOMER, "USD", version), PrefixIndex.empty());
    }

    @Test
    void aTableCreatedWhileARefreshRunsIsNotDroppedByIt() throws Exception {
        String created = UUID.randomUUID().toString();
        // created (stored, then installed) after the refresh read the versions without it
        database.afterVersionsRead = () -> {
            database.tables.put(created, deck(created, 1));
            cache.install(deck(created, 1));
        };
        cache.refresh();
        assertEquals(1, cache.find(created).orElseThrow().table().version());
    }

    @Test
    void aTableDeletedInTheDatabaseIsDroppedByTheRefresh() throws Exception {
        String id = UUID.randomUUID().toString();
        database.tables.put(id, deck(id, 3));
        cache.refresh();
        assertEquals(3, cache.find(id).orElseThrow().table().version());
        database.tables.remove(id);
        cache.refresh();
        assertTrue(cache.find(id).isEmpty());
    }

    @Test
    void anImportInstallingAfterADeleteDoesNotBringTheTableBack() {
        String id = UUID.randomUUID().toString();
        cache.install(deck(id, 1));
        cache.remove(id);
        cache.install(deck(id, 2));
        assertTrue(cache.find(id).isEmpty());
    }

    @Test
    void anOlderDeckNeverReplacesANewerOne() throws Exception {
        String id = UUID.randomUUID().toString();
        cache.install(deck(id, 5));
        cache.install(deck(id, 4));
        assertEquals(5, cache.find(id).orElseThrow().table().version());
        // a refresh that read an older version in the database keeps the newer deck too
        database.tables.put(id, deck(id, 4));
        cache.refresh();
        assertEquals(5, cache.find(id).orElseThrow().table().version());
    }
}
