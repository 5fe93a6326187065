package io.ringback.signaling.app;

import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.signaling.adapter.persistence.ConfigRevisionRepository;
import io.ringback.signaling.adapter.persistence.GatewayEntity;
import io.ringback.signaling.adapter.persistence.GatewayRepository;
import io.ringback.signaling.adapter.persistence.TemplateRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/**
 * Gateways: create, read, list, replace, delete, owned by the platform or an agent subtree like
 * callback services, under the same gateway authorizations.
 */
@ApplicationScoped
public class Gateways {

    private static final String WHAT = "gateway";

    private final GatewayRepository gateways;
    private final TemplateRepository templates;
    private final ConfigRevisionRepository revision;
    private final ConfigAccess access;
    private final CredentialCipher cipher;
    private final RateTableCatalog rateTables;
    private final Clock clock;

    public Gateways(GatewayRepository gateways, TemplateRepository templates, ConfigRevisionRepository revision,
                    ConfigAccess access, CredentialCipher cipher, RateTableCatalog rateTables, Clock clock) {
        this.cipher = cipher;
        this.rateTables = rateTables;
        this.gateways = gateways;
        this.templates = templates;
        this.revision = revision;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public GatewayEntity create(Principal caller, GatewaySettings settings) {
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        GatewayEntity gateway = new GatewayEntity();
        gateway.id = UUID.randomUUID();
        gateway.ownerAccountId = access.ownerFor(caller, settings.ownerAccountId());
        gateway.createdAt = clock.instant();
        apply(gateway, settings);
        gateways.persist(gateway);
        revision.bump();
        return gateway;
    }

    @Transactional
    public GatewayEntity get(Principal caller, UUID id) {
        return visible(caller, id);
    }

    @Transactional
    public Page<GatewayEntity> list(Principal caller, int page, int size) {
        return access.page(caller, gateways::all, gateways::ownedBy, gateways::owners, page, size);
    }

    /**
     * Replaces every setting; {@code ownerAccountId} absent keeps the owner, another one moves the
     * gateway unless a template sends destination legs to it (409: its owner might no longer use it).
     */
    @Transactional
    public GatewayEntity replace(Principal caller, UUID id, GatewaySettings settings) {
        GatewayEntity gateway = visible(caller, id);
        caller.require(Authorization.MODIFY_GATEWAY_INFO);
        if (settings.capacity() != gateway.capacity || settings.callsPerSecond() != gateway.callsPerSecond) {
            caller.require(Authorization.MODIFY_GATEWAY_CAPACITY);
        }
        if (settings.ownerAccountId() != null && !settings.ownerAccountId().equals(gateway.ownerAccountId)) {
            UUID owner = access.ownerFor(caller, settings.ownerAccountId());
            requireUnused(id, "move it to another owner");
            gateway.ownerAccountId = owner;
        }
        apply(gateway, settings);
        revision.bump();
        return gateway;
    }

    /** Deletes a gateway no template sends destination legs to (409 otherwise). */
    @Transactional
    public void delete(Principal caller, UUID id) {
        GatewayEntity gateway = visible(caller, id);
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        requireUnused(id, "delete it");
        gateways.delete(gateway);
        revision.bump();
    }

    private GatewayEntity visible(Principal caller, UUID id) {
        GatewayEntity gateway = gateways.findByIdOptional(id)
                .orElseThrow(() -> Failure.notFound(WHAT, "No gateway " + id + "."));
        access.requireSees(caller, gateway.ownerAccountId, WHAT, id);
        return gateway;
    }

    /**
     * No username removes the credentials; a username with a password seals the password; a
     * username alone keeps the stored password, and is refused when there is none.
     */
    private void applyCredentials(GatewayEntity gateway, GatewaySettings settings) {
        if (settings.digestUsername() == null) {
            gateway.digestUsername = null;
            gateway.digestPassword = null;
            return;
        }
        if (settings.digestPassword() != null) {
            gateway.digestPassword = cipher.seal(gateway.id, settings.digestPassword());
        } else if (gateway.digestPassword == null) {
            throw Failure.invalidField("digestPassword", "is required with digestUsername (none is stored yet)");
        }
        gateway.digestUsername = settings.digestUsername();
    }

    private void requireUnused(UUID id, String what) {
        long used = templates.countWithDefaultGateway(id);
        if (used > 0) {
            throw Failure.conflict("gateway-in-use", "Gateway in use",
                    used + " template(s) send destination legs to gateway " + id + " by default; point them elsewhere to "
                            + what);
        }
    }

    private void apply(GatewayEntity gateway, GatewaySettings settings) {
        if (gateways.nameTaken(gateway.ownerAccountId, settings.name(), gateway.id)) {
            throw Failure.conflict("name-taken", "Name taken",
                    "the owner already has a gateway named '" + settings.name() + "'");
        }
        gateway.name = settings.name();
        gateway.host = settings.host();
        gateway.port = settings.port();
        gateway.transport = settings.transport().name();
        gateway.role = settings.role().name();
        gateway.stripPrefix = settings.stripPrefix();
        gateway.addPrefix = settings.addPrefix();
        gateway.numberFormat = settings.numberFormat().name();
        gateway.capacity = settings.capacity();
        gateway.callsPerSecond = settings.callsPerSecond();
        gateway.priority = settings.priority();
        gateway.enabled = settings.enabled();
        if (settings.vendorRateTableId() != null && !settings.vendorRateTableId().equals(gateway.vendorRateTableId)) {
            rateTables.requireKind("vendorRateTableId", settings.vendorRateTableId(), RateTableCatalog.Kind.VENDOR);
        }
        gateway.vendorRateTableId = settings.vendorRateTableId();
        applyCredentials(gateway, settings);
        gateway.updatedAt = clock.instant();
    }
}
