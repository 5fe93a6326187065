package io.ringback.signaling.adapter.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The revision of the callback configuration ({@code config_revision}): every change bumps it in
 * the transaction that makes the change, and each replica reloads its directory when the revision it loaded is no
 * longer the current one. The bump takes the row's lock, so configuration writes commit one at a
 * time: they are rare, and it keeps the revision a total order of changes.
 */
@ApplicationScoped
public class ConfigRevisionRepository {

    private final EntityManager entityManager;

    public ConfigRevisionRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Counts a change; call inside the transaction that makes it. */
    public void bump() {
        entityManager.createNativeQuery("UPDATE config_revision SET revision = revision + 1").executeUpdate();
    }

    public long current() {
        return ((Number) entityManager.createNativeQuery("SELECT revision FROM config_revision").getSingleResult())
                .longValue();
    }
}
