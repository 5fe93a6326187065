package io.ringback.signaling.app;

import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.signaling.adapter.persistence.CallbackServiceEntity;
import io.ringback.signaling.adapter.persistence.CallbackServiceRepository;
import io.ringback.signaling.adapter.persistence.ConfigRevisionRepository;
import io.ringback.signaling.adapter.persistence.DidEntity;
import io.ringback.signaling.adapter.persistence.DidRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/**
 * DIDs: create, read, list, replace, delete. A DID belongs to the owner of its callback service:
 * the caller must see the service it names, and sees the DIDs of the services it sees.
 */
@ApplicationScoped
public class Dids {

    private static final String WHAT = "DID";

    private final DidRepository dids;
    private final CallbackServiceRepository serviceRows;
    private final CallbackServices services;
    private final ConfigRevisionRepository revision;
    private final ConfigAccess access;
    private final Clock clock;

    public Dids(DidRepository dids, CallbackServiceRepository serviceRows, CallbackServices services,
                ConfigRevisionRepository revision, ConfigAccess access, Clock clock) {
        this.dids = dids;
        this.serviceRows = serviceRows;
        this.services = services;
        this.revision = revision;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public DidEntity create(Principal caller, DidSettings settings) {
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        DidEntity did = new DidEntity();
        did.id = UUID.randomUUID();
        did.createdAt = clock.instant();
        apply(caller, did, settings);
        dids.persist(did);
        revision.bump();
        return did;
    }

    @Transactional
    public DidEntity get(Principal caller, UUID id) {
        return visible(caller, id);
    }

    /** The DIDs the caller sees, by number; of one service when {@code serviceId} is given. */
    @Transactional
    public Page<DidEntity> list(Principal caller, UUID serviceId, int page, int size) {
        return access.page(caller, () -> dids.all(serviceId), owners -> dids.ownedBy(owners, serviceId), serviceRows::owners,
                page, size);
    }

    @Transactional
    public DidEntity replace(Principal caller, UUID id, DidSettings settings) {
        DidEntity did = visible(caller, id);
        caller.require(Authorization.MODIFY_GATEWAY_INFO);
        apply(caller, did, settings);
        revision.bump();
        return did;
    }

    @Transactional
    public void delete(Principal caller, UUID id) {
        DidEntity did = visible(caller, id);
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        dids.delete(did);
        revision.bump();
    }

    private DidEntity visible(Principal caller, UUID id) {
        DidEntity did = dids.findByIdOptional(id)
                .orElseThrow(() -> Failure.notFound(WHAT, "No DID " + id + "."));
        CallbackServiceEntity service = serviceRows.findById(did.callbackServiceId);
        access.requireSees(caller, service.ownerAccountId, WHAT, id);
        return did;
    }

    private void apply(Principal caller, DidEntity did, DidSettings settings) {
        try {
            services.visible(caller, settings.callbackServiceId());
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.NOT_FOUND) {
                throw Failure.invalidField("callbackServiceId", "names no callback service " + settings.callbackServiceId());
            }
            throw e;
        }
        dids.byNumber(settings.number()).filter(other -> !other.id.equals(did.id)).ifPresent(other -> {
            throw Failure.conflict("number-taken", "DID number taken",
                    "the number " + settings.number() + " is already a DID");
        });
        did.number = settings.number();
        did.callbackServiceId = settings.callbackServiceId();
        did.trustedSources = settings.trustedSources().texts().stream().distinct().toArray(String[]::new);
        did.assertedIdentityTrusted = settings.assertedIdentityTrusted();
        did.countryCode = settings.normalization().countryCode();
        did.nationalPrefix = settings.normalization().nationalPrefix();
        did.internationalPrefix = settings.normalization().internationalPrefix();
        did.nationalNumberLength = settings.normalization().nationalNumberLength();
        did.enabled = settings.enabled();
        did.updatedAt = clock.instant();
    }
}
