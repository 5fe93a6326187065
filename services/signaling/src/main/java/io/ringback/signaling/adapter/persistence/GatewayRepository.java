package io.ringback.signaling.adapter.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Gateways (Panache, decision 0011). */
@ApplicationScoped
public class GatewayRepository implements PanacheRepositoryBase<GatewayEntity, UUID> {

    private static final Sort ORDER = Sort.by("name").and("id");

    public PanacheQuery<GatewayEntity> all() {
        return findAll(ORDER);
    }

    /** The gateways of these owners, by name. */
    public PanacheQuery<GatewayEntity> ownedBy(Collection<UUID> owners) {
        return find("ownerAccountId in ?1", ORDER, owners);
    }

    /** The accounts that own at least one gateway (the platform's gateways are not counted). */
    public List<UUID> owners() {
        return getEntityManager().createQuery(
                "select distinct g.ownerAccountId from GatewayEntity g where g.ownerAccountId is not null",
                UUID.class).getResultList();
    }

    /** Whether another gateway of the same owner already has this name. */
    public boolean nameTaken(UUID owner, String name, UUID except) {
        return (owner == null
                ? count("ownerAccountId is null and name = ?1 and id <> ?2", name, except)
                : count("ownerAccountId = ?1 and name = ?2 and id <> ?3", owner, name, except)) > 0;
    }
}
