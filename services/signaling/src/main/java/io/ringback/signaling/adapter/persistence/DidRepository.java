package io.ringback.signaling.adapter.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** DIDs (Panache, decision 0011). A DID belongs to whoever owns its callback service. */
@ApplicationScoped
public class DidRepository implements PanacheRepositoryBase<DidEntity, UUID> {

    private static final Sort ORDER = Sort.by("number");

    /** Every DID, or those of one service when {@code serviceId} is given, by number. */
    public PanacheQuery<DidEntity> all(UUID serviceId) {
        return serviceId == null ? findAll(ORDER) : find("callbackServiceId = ?1", ORDER, serviceId);
    }

    /** The DIDs of the services of these owners (optionally of one service), by number. */
    public PanacheQuery<DidEntity> ownedBy(Collection<UUID> owners, UUID serviceId) {
        String owned = "callbackServiceId in (select s.id from CallbackServiceEntity s where s.ownerAccountId in ?1)";
        return serviceId == null ? find(owned, ORDER, owners)
                : find(owned + " and callbackServiceId = ?2", ORDER, owners, serviceId);
    }

    public Optional<DidEntity> byNumber(String number) {
        return find("number", number).firstResultOptional();
    }

    public long countOfService(UUID serviceId) {
        return count("callbackServiceId", serviceId);
    }
}
