package io.ringback.signaling.app;

import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import io.ringback.common.FieldError;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.signaling.adapter.persistence.CallbackServiceRepository;
import io.ringback.signaling.adapter.persistence.ConfigRevisionRepository;
import io.ringback.signaling.adapter.persistence.GatewayEntity;
import io.ringback.signaling.adapter.persistence.GatewayRepository;
import io.ringback.signaling.adapter.persistence.TemplateEntity;
import io.ringback.signaling.adapter.persistence.TemplateRepository;
import io.ringback.signaling.adapter.persistence.TemplateRuleEmbeddable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IVR templates: create, read, list, replace, delete, owned by the platform or an agent subtree
 * like gateways, under the same gateway authorizations. A template is saved only when media has
 * every prompt it names in every one of its languages (for its owner), and its default gateway
 * exists, is one its owner may use ({@link ConfigAccess#visibleTo}) and takes destination legs.
 */
@ApplicationScoped
public class Templates {

    static final String WHAT = "Template";

    private final TemplateRepository templates;
    private final GatewayRepository gateways;
    private final CallbackServiceRepository services;
    private final ConfigRevisionRepository revision;
    private final ConfigAccess access;
    private final PromptCatalog prompts;
    private final Clock clock;

    public Templates(TemplateRepository templates, GatewayRepository gateways, CallbackServiceRepository services,
                     ConfigRevisionRepository revision, ConfigAccess access, PromptCatalog prompts, Clock clock) {
        this.templates = templates;
        this.gateways = gateways;
        this.services = services;
        this.revision = revision;
        this.access = access;
        this.prompts = prompts;
        this.clock = clock;
    }

    @Transactional
    public TemplateEntity create(Principal caller, TemplateSettings settings) {
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        TemplateEntity template = new TemplateEntity();
        template.id = UUID.randomUUID();
        template.ownerAccountId = access.ownerFor(caller, settings.ownerAccountId());
        template.createdAt = clock.instant();
        apply(template, settings);
        templates.persist(template);
        revision.bump();
        return template;
    }

    @Transactional
    public TemplateEntity get(Principal caller, UUID id) {
        return visible(caller, id);
    }

    @Transactional
    public Page<TemplateEntity> list(Principal caller, int page, int size) {
        return access.page(caller, templates::all, templates::ownedBy, templates::owners, page, size);
    }

    /**
     * Replaces every setting. {@code ownerAccountId}: absent keeps the owner; another owner the
     * caller sees moves the template there, unless a callback service uses it (409: the service's
     * owner might no longer see it).
     */
    @Transactional
    public TemplateEntity replace(Principal caller, UUID id, TemplateSettings settings) {
        TemplateEntity template = visible(caller, id);
        caller.require(Authorization.MODIFY_GATEWAY_INFO);
        if (settings.ownerAccountId() != null && !settings.ownerAccountId().equals(template.ownerAccountId)) {
            UUID owner = access.ownerFor(caller, settings.ownerAccountId());
            requireUnused(template.id, "move it to another owner");
            template.ownerAccountId = owner;
        }
        apply(template, settings);
        revision.bump();
        return template;
    }

    /** Deletes a template no callback service uses (409 otherwise). */
    @Transactional
    public void delete(Principal caller, UUID id) {
        TemplateEntity template = visible(caller, id);
        caller.require(Authorization.ADD_DELETE_GATEWAYS);
        requireUnused(id, "delete it");
        templates.delete(template);
        revision.bump();
    }

    /**
     * The template a callback service of {@code serviceOwner} names, when it exists and the
     * owner may use it; otherwise a 400 naming {@code templateId}.
     */
    TemplateEntity usableBy(UUID serviceOwner, UUID templateId) {
        return templates.findByIdOptional(templateId)
                .filter(template -> access.visibleTo(serviceOwner, template.ownerAccountId))
                .orElseThrow(() -> Failure.invalidField("templateId", "names no template " + templateId
                        + " the service's owner may use"));
    }

    private TemplateEntity visible(Principal caller, UUID id) {
        TemplateEntity template = templates.findByIdOptional(id)
                .orElseThrow(() -> Failure.notFound(WHAT, "No template " + id + "."));
        access.requireSees(caller, template.ownerAccountId, WHAT, id);
        return template;
    }

    private void requireUnused(UUID id, String what) {
        long used = services.countOfTemplate(id);
        if (used > 0) {
            throw Failure.conflict("template-in-use", "Template in use",
                    used + " callback service(s) use template " + id + "; point them at another template to " + what);
        }
    }

    private void apply(TemplateEntity template, TemplateSettings settings) {
        if (templates.nameTaken(template.ownerAccountId, settings.name(), template.id)) {
            throw Failure.conflict("name-taken", "Name taken",
                    "the owner already has a template named '" + settings.name() + "'");
        }
        if (settings.defaultGatewayId() != null) {
            checkGateway(template.ownerAccountId, settings.defaultGatewayId());
        }
        checkPrompts(template.ownerAccountId, settings);
        template.name = settings.name();
        template.languages.clear();
        template.languages.addAll(settings.languages());
        template.prompts.clear();
        settings.prompts().forEach((stage, prompt) -> template.prompts.put(stage.id(), prompt));
        template.dtmfTimeoutSeconds = settings.dtmfTimeoutSeconds();
        template.interDigitTimeoutSeconds = settings.interDigitTimeoutSeconds();
        template.maxRetries = settings.maxRetries();
        template.terminator = settings.terminator();
        template.destinationPattern = settings.destinationPattern();
        template.destinationMinLength = settings.destinationMinLength();
        template.destinationMaxLength = settings.destinationMaxLength();
        template.rules.clear();
        settings.rules().forEach(rule -> template.rules.add(
                new TemplateRuleEmbeddable(rule.pattern(), rule.replacement(), rule.example(), rule.expected())));
        template.confirmDestination = settings.confirmDestination();
        template.defaultGatewayId = settings.defaultGatewayId();
        template.updatedAt = clock.instant();
    }

    private void checkGateway(UUID owner, UUID gatewayId) {
        GatewayEntity gateway = gateways.findByIdOptional(gatewayId)
                .filter(found -> access.visibleTo(owner, found.ownerAccountId))
                .orElseThrow(() -> Failure.invalidField("defaultGatewayId", "names no gateway " + gatewayId
                        + " the template's owner may use"));
        if (GatewaySettings.Role.valueOf(gateway.role) == GatewaySettings.Role.CALLBACK) {
            throw Failure.invalidField("defaultGatewayId", "names gateway '" + gateway.name
                    + "', which takes callback legs only (role CALLBACK), not destination legs");
        }
    }

    /** Asks media, language by language, for the prompts; a missing one is a 400 naming its stage. */
    private void checkPrompts(UUID owner, TemplateSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        for (String language : settings.languages()) {
            List<String> missing = prompts.missing(language, settings.promptIds(), owner);
            for (Map.Entry<PromptStage, String> prompt : settings.prompts().entrySet()) {
                if (missing.contains(prompt.getValue())) {
                    errors.add(new FieldError("prompts." + prompt.getKey().id(), "names prompt '" + prompt.getValue()
                            + "', which media has not in language '" + language + "'"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new Failure(Failure.Kind.INVALID, "unknown-prompt", "Unknown prompt",
                    "media has not every prompt the template names: " + errors.stream()
                            .map(e -> e.field() + " " + e.message()).toList()).withErrors(errors);
        }
    }
}
