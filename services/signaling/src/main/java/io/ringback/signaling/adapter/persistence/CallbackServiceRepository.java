package io.ringback.signaling.adapter.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Callback services (Panache: entities and CRUD are the whole job here, decision 0011). */
@ApplicationScoped
public class CallbackServiceRepository implements PanacheRepositoryBase<CallbackServiceEntity, UUID> {

    private static final Sort ORDER = Sort.by("name").and("id");

    /** Every service, by name. */
    public PanacheQuery<CallbackServiceEntity> all() {
        return findAll(ORDER);
    }

    /** The services of these owners, by name. */
    public PanacheQuery<CallbackServiceEntity> ownedBy(Collection<UUID> owners) {
        return find("ownerAccountId in ?1", ORDER, owners);
    }

    /** The accounts that own at least one service (the platform's services are not counted). */
    public List<UUID> owners() {
        return getEntityManager().createQuery(
                "select distinct s.ownerAccountId from CallbackServiceEntity s where s.ownerAccountId is not null",
                UUID.class).getResultList();
    }

    /** Whether another service of the same owner already has this name. */
    public boolean nameTaken(UUID owner, String name, UUID except) {
        return (owner == null
                ? count("ownerAccountId is null and name = ?1 and id <> ?2", name, except)
                : count("ownerAccountId = ?1 and name = ?2 and id <> ?3", owner, name, except)) > 0;
    }

    /** How many services use this template. */
    public long countOfTemplate(UUID templateId) {
        return count("templateId", templateId);
    }
}
