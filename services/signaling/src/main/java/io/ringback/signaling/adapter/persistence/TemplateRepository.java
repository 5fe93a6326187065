package io.ringback.signaling.adapter.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** IVR templates (Panache, decision 0011). */
@ApplicationScoped
public class TemplateRepository implements PanacheRepositoryBase<TemplateEntity, UUID> {

    private static final Sort ORDER = Sort.by("name").and("id");

    public PanacheQuery<TemplateEntity> all() {
        return findAll(ORDER);
    }

    /** The templates of these owners, by name. */
    public PanacheQuery<TemplateEntity> ownedBy(Collection<UUID> owners) {
        return find("ownerAccountId in ?1", ORDER, owners);
    }

    /** The accounts that own at least one template (the platform's are not counted). */
    public List<UUID> owners() {
        return getEntityManager().createQuery(
                "select distinct t.ownerAccountId from TemplateEntity t where t.ownerAccountId is not null",
                UUID.class).getResultList();
    }

    /** Whether another template of the same owner already has this name. */
    public boolean nameTaken(UUID owner, String name, UUID except) {
        return (owner == null
                ? count("ownerAccountId is null and name = ?1 and id <> ?2", name, except)
                : count("ownerAccountId = ?1 and name = ?2 and id <> ?3", owner, name, except)) > 0;
    }

    /** How many templates send destination legs to this gateway by default. */
    public long countWithDefaultGateway(UUID gatewayId) {
        return count("defaultGatewayId", gatewayId);
    }
}
