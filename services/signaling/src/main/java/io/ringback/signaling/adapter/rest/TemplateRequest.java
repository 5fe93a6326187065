package io.ringback.signaling.adapter.rest;

import io.ringback.common.Failure;
import io.ringback.signaling.app.PromptStage;
import io.ringback.signaling.app.TemplateSettings;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** An IVR template to create or replace; absent optional fields take the default shown. */
public record TemplateRequest(
        @Schema(required = true, maxLength = 200, example = "prepaid-es") String name,
        @Schema(description = "Absent: the caller's own (the platform for the admin)") UUID ownerAccountId,
        @Schema(required = true, description = "1 to 10 language tags; the first is the one the IVR starts in",
                example = "[\"es\"]") List<String> languages,
        @Schema(description = "Stage to prompt id (welcome, enter_pin, enter_destination, confirm, connecting, "
                + "invalid_destination, insufficient_balance, route_failed, goodbye, optional music_on_hold); "
                + "absent: every stage but music_on_hold plays the shipped prompt of its own name")
        Map<String, String> prompts,
        @Schema(defaultValue = "10", minimum = "1", maximum = "60") Integer dtmfTimeoutSeconds,
        @Schema(defaultValue = "5", minimum = "1", maximum = "30") Integer interDigitTimeoutSeconds,
        @Schema(defaultValue = "3", minimum = "0", maximum = "10") Integer maxRetries,
        @Schema(defaultValue = "#", enumeration = {"#", "*", ""}) String terminator,
        @Schema(defaultValue = "[0-9]+", description = "A regular expression the whole destination keyed in must match")
        String destinationPattern,
        @Schema(defaultValue = "4", minimum = "1", maximum = "32") Integer destinationMinLength,
        @Schema(defaultValue = "20", minimum = "1", maximum = "32") Integer destinationMaxLength,
        @Schema(description = "Applied in order; each is applied to its example on save and must give the expected number")
        List<RuleRequest> transformationRules,
        @Schema(defaultValue = "true", description = "Read the destination back: 1 = yes, 2 = re-enter")
        Boolean confirmDestination,
        @Schema(description = "A gateway with role DESTINATION or BOTH the owner may use; absent: least cost routing")
        UUID defaultGatewayId) {

    /** One transformation rule with the example it is tested with. */
    public record RuleRequest(
            @Schema(required = true, example = "0([1-9][0-9]{9})") String pattern,
            @Schema(required = true, example = "52$1") String replacement,
            @Schema(required = true, example = "05512345678") String example,
            @Schema(required = true, example = "525512345678") String expected) {
    }

    TemplateSettings settings() {
        List<TemplateSettings.Rule> rules = transformationRules == null ? null : transformationRules.stream()
                .map(rule -> rule == null ? null
                        : new TemplateSettings.Rule(rule.pattern(), rule.replacement(), rule.example(), rule.expected()))
                .toList();
        return new TemplateSettings(name, ownerAccountId, languages, stages(),
                or(dtmfTimeoutSeconds, 10), or(interDigitTimeoutSeconds, 5), or(maxRetries, 3),
                terminator == null ? "#" : terminator, destinationPattern == null ? "[0-9]+" : destinationPattern,
                or(destinationMinLength, 4), or(destinationMaxLength, 20), rules,
                confirmDestination == null || confirmDestination, defaultGatewayId);
    }

    private Map<PromptStage, String> stages() {
        Map<PromptStage, String> stages = new EnumMap<>(PromptStage.class);
        if (prompts == null) {
            Arrays.stream(PromptStage.values()).filter(PromptStage::required).forEach(stage -> stages.put(stage, stage.id()));
            return stages;
        }
        prompts.forEach((stage, prompt) -> stages.put(stage(stage), prompt));
        return stages;
    }

    private static PromptStage stage(String name) {
        try {
            return PromptStage.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("prompts." + name, "is no stage; the stages are "
                    + Arrays.stream(PromptStage.values()).map(PromptStage::id).toList());
        }
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
