package io.ringback.signaling.adapter.rest;

import io.ringback.signaling.adapter.persistence.TemplateEntity;
import io.ringback.signaling.app.PromptStage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An IVR template as the API shows it; prompts in stage order. */
public record TemplateView(UUID id, UUID ownerAccountId, String name, List<String> languages, Map<String, String> prompts,
                           int dtmfTimeoutSeconds, int interDigitTimeoutSeconds, int maxRetries, String terminator,
                           String destinationPattern, int destinationMinLength, int destinationMaxLength,
                           List<TemplateRequest.RuleRequest> transformationRules, boolean confirmDestination,
                           UUID defaultGatewayId, Instant createdAt, Instant updatedAt) {

    static TemplateView of(TemplateEntity row) {
        Map<String, String> prompts = new LinkedHashMap<>();
        for (PromptStage stage : PromptStage.values()) {
            String prompt = row.prompts.get(stage.id());
            if (prompt != null) {
                prompts.put(stage.id(), prompt);
            }
        }
        return new TemplateView(row.id, row.ownerAccountId, row.name, List.copyOf(row.languages), prompts,
                row.dtmfTimeoutSeconds, row.interDigitTimeoutSeconds, row.maxRetries, row.terminator,
                row.destinationPattern, row.destinationMinLength, row.destinationMaxLength,
                row.rules.stream().map(rule -> new TemplateRequest.RuleRequest(rule.pattern, rule.replacement,
                        rule.example, rule.expected)).toList(),
                row.confirmDestination, row.defaultGatewayId, row.createdAt, row.updatedAt);
    }
}
