package io.ringback.signaling.app;

import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.signaling.adapter.persistence.CallbackServiceEntity;
import io.ringback.signaling.adapter.persistence.CallbackServiceRepository;
import io.ringback.signaling.adapter.persistence.ConfigRevisionRepository;
import io.ringback.signaling.adapter.persistence.DidRepository;
import io.ringback.signaling.adapter.persistence.TemplateEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Callback services: create, read, list, replace, delete, each within the caller's scope ({@link ConfigAccess}). */
@ApplicationScoped
public class CallbackServices {

    static final String WHAT = "Callback service";

    private final CallbackServiceRepository services;
    private final DidRepository dids;
    private final ConfigRevisionRepository revision;
    private final ConfigAccess access;
    private final Templates templates;
    private final RateTableCatalog rateTables;
    private final Clock clock;

    public CallbackServices(CallbackServiceRepository services, DidRepository dids, ConfigRevisionRepository revision,
                            ConfigAccess access, Templates templates, RateTableCatalog rateTables, Clock clock) {
        this.rateTables = rateTables;
        this.services = services;
        this.dids = dids;
        this.revision = revision;
        this.access = access;
        this.templates = templates;
        this.clock = clock;
    }

    @Transactional
    public CallbackServiceEntity create(Principal caller, CallbackServiceSettings settings) {
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        CallbackServiceEntity service = new CallbackServiceEntity();
        service.id = UUID.randomUUID();
        service.ownerAccountId = access.ownerFor(caller, settings.ownerAccountId());
        service.createdAt = clock.instant();
        apply(service, settings);
        services.persist(service);
        revision.bump();
        return service;
    }

    @Transactional
    public CallbackServiceEntity get(Principal caller, UUID id) {
        return visible(caller, id);
    }

    @Transactional
    public Page<CallbackServiceEntity> list(Principal caller, int page, int size) {
        return access.page(caller, services::all, services::ownedBy, services::owners, page, size);
    }

    /**
     * Replaces every setting. {@code ownerAccountId}: absent keeps the owner; another owner the
     * caller sees moves the service (and its DIDs) there.
     */
    @Transactional
    public CallbackServiceEntity replace(Principal caller, UUID id, CallbackServiceSettings settings) {
        CallbackServiceEntity service = visible(caller, id);
        caller.require(Authorization.MODIFY_GATEWAY_INFO);
        if (settings.ownerAccountId() != null && !settings.ownerAccountId().equals(service.ownerAccountId)) {
            service.ownerAccountId = access.ownerFor(caller, settings.ownerAccountId());
        }
        apply(service, settings);
        revision.bump();
        return service;
    }

    /** Deletes a service no DID uses (409 otherwise: its DIDs would trigger nothing). */
    @Transactional
    public void delete(Principal caller, UUID id) {
        CallbackServiceEntity service = visible(caller, id);
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        long used = dids.countOfService(id);
        if (used > 0) {
            throw Failure.conflict("service-in-use", "Callback service in use",
                    used + " DID(s) trigger callback service " + id + "; move or delete them first");
        }
        services.delete(service);
        revision.bump();
    }

    /** The service when the caller sees it; not found otherwise. */
    CallbackServiceEntity visible(Principal caller, UUID id) {
        CallbackServiceEntity service = services.findByIdOptional(id)
                .orElseThrow(() -> Failure.notFound(WHAT, "No callback service " + id + "."));
        access.requireSees(caller, service.ownerAccountId, WHAT, id);
        return service;
    }

    private void apply(CallbackServiceEntity service, CallbackServiceSettings settings) {
        if (services.nameTaken(service.ownerAccountId, settings.name(), service.id)) {
            throw Failure.conflict("name-taken", "Name taken",
                    "the owner already has a callback service named '" + settings.name() + "'");
        }
        TemplateEntity template = templates.usableBy(service.ownerAccountId, settings.templateId());
        if (settings.language() != null && !template.languages.contains(settings.language())) {
            throw Failure.invalidField("language", "must be one of template " + template.id + "'s languages "
                    + template.languages + ", got '" + settings.language() + "'");
        }
        if (settings.flowRateTableId() != null && !settings.flowRateTableId().equals(service.flowRateTableId)) {
            rateTables.requireKind("flowRateTableId", settings.flowRateTableId(), RateTableCatalog.Kind.CUSTOMER);
        }
        Instant now = clock.instant();
        service.name = settings.name();
        service.templateId = template.id;
        service.language = settings.language() == null ? template.languages.get(0) : settings.language();
        service.ctdMode = settings.ctdMode() == null ? null : settings.ctdMode().name();
        service.flowRateTableId = settings.flowRateTableId();
        service.callerPolicy = settings.callerPolicy().name();
        service.minimumBalance = settings.minimumBalance();
        service.callbackDelaySeconds = settings.callbackDelaySeconds();
        service.attempts = settings.attempts();
        service.retryIntervalSeconds = settings.retryIntervalSeconds();
        service.ringTimeoutSeconds = settings.ringTimeoutSeconds();
        service.maxConcurrentCallbacks = settings.maxConcurrentCallbacks();
        service.rejectCode = settings.rejectCode();
        service.unauthorizedCode = settings.unauthorizedCode();
        service.redialAllowed = settings.redialAllowed();
        service.enabled = settings.enabled();
        service.updatedAt = now;
    }
}
