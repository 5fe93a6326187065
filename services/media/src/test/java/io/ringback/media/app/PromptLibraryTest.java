package io.ringback.media.app;

import io.ringback.media.adapter.persistence.PromptRepository;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromptLibraryTest {

    /** A database that refuses every connection, as when PostgreSQL is down. */
    private static final DataSource DOWN = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new SQLException("connection refused");
            });

    @Test
    void aFailingDatabaseIsUnavailableNotAPreconditionOfTheRequest() {
        PromptLibrary library = new PromptLibrary(new PromptRepository(DOWN), Clock.systemUTC());
        PromptStoreUnavailableException load = assertThrows(PromptStoreUnavailableException.class,
                () -> library.load(null, "en", "welcome"));
        assertEquals("reading prompt en/welcome failed", load.getMessage());
        assertInstanceOf(SQLException.class, load.getCause());
        assertThrows(PromptStoreUnavailableException.class, () -> library.list(null, "en"));
        assertThrows(PromptStoreUnavailableException.class, () -> library.delete(null, "en", "welcome"));
    }
}
