package io.ringback.signaling.app;

import io.ringback.common.Failure;
import io.ringback.common.FieldError;
import io.ringback.signaling.core.destination.TransformationRule;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Everything an operator sets on an IVR template (domain §2), checked: a value the IVR could not
 * use is refused naming the field before anything is stored, and every transformation rule is
 * applied to its example, which must give the expected number. Whether the prompts exist is
 * media's answer, asked by {@link Templates} once the owner is known.
 *
 * @param name                     1 to 200 characters, unique among the owner's templates
 * @param ownerAccountId           null: the caller's own (the platform for the admin)
 * @param languages                1 to 10 distinct language tags ({@code es}, {@code en-US}); the first is
 *                                 the one a service using the template starts in unless it names another
 * @param prompts                  the prompt id of each stage; every stage but {@code music_on_hold} has one
 * @param dtmfTimeoutSeconds       1 to 60: how long the IVR waits for the first digit
 * @param interDigitTimeoutSeconds 1 to 30: how long it waits for the next digit before the input ends
 * @param maxRetries               0 to 10 more tries after an invalid or missing input
 * @param terminator               {@code #}, {@code *} or empty (none): the key that ends the input early
 * @param destinationPattern       a regular expression the whole destination keyed in must match
 * @param destinationMinLength     1 to 32 digits, at most {@code destinationMaxLength}
 * @param destinationMaxLength     1 to 32 digits
 * @param rules                    at most 20 transformation rules, applied in order
 * @param confirmDestination       whether the IVR reads the destination back (1 = yes, 2 = re-enter)
 * @param defaultGatewayId         the gateway destination legs go to; null = least cost routing chooses
 */
public record TemplateSettings(String name, UUID ownerAccountId, List<String> languages, Map<PromptStage, String> prompts,
                               int dtmfTimeoutSeconds, int interDigitTimeoutSeconds, int maxRetries, String terminator,
                               String destinationPattern, int destinationMinLength, int destinationMaxLength,
                               List<Rule> rules, boolean confirmDestination, UUID defaultGatewayId) {

    /** The languages media ships and accepts: a two-letter code and an optional region. */
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");
    private static final Pattern PROMPT_ID = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern EXAMPLE = Pattern.compile("[0-9*#]{1,32}");
    private static final Pattern EXPECTED = Pattern.compile("[0-9]{1,32}");

    /**
     * A transformation rule and the example it is tested with on save.
     *
     * @param pattern     a regular expression the whole number must match for the rule to apply
     * @param replacement what the number becomes ({@code $1}... are the pattern's groups)
     * @param example     a number as it reaches this rule (keyed in, or after the rules before it)
     * @param expected    what this rule must turn the example into
     */
    public record Rule(String pattern, String replacement, String example, String expected) {
    }

    public TemplateSettings {
        name = name == null ? null : name.strip();
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw Failure.invalidField("name", "is required, 1 to 200 characters");
        }
        languages = checkLanguages(languages);
        prompts = checkPrompts(prompts);
        CallbackServiceSettings.range("dtmfTimeoutSeconds", dtmfTimeoutSeconds, 1, 60);
        CallbackServiceSettings.range("interDigitTimeoutSeconds", interDigitTimeoutSeconds, 1, 30);
        CallbackServiceSettings.range("maxRetries", maxRetries, 0, 10);
        if (terminator == null || !terminator.matches("[#*]?")) {
            throw Failure.invalidField("terminator", "must be #, * or empty (none), got '" + terminator + "'");
        }
        if (destinationPattern == null || destinationPattern.isEmpty() || destinationPattern.length() > 500) {
            throw Failure.invalidField("destinationPattern", "is required, 1 to 500 characters");
        }
        try {
            Pattern.compile(destinationPattern);
        } catch (PatternSyntaxException e) {
            throw Failure.invalidField("destinationPattern", "is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
        CallbackServiceSettings.range("destinationMinLength", destinationMinLength, 1, 32);
        CallbackServiceSettings.range("destinationMaxLength", destinationMaxLength, destinationMinLength, 32);
        rules = checkRules(rules);
    }

    /** The distinct prompt ids the template plays, in stage order. */
    public List<String> promptIds() {
        return prompts.values().stream().distinct().toList();
    }

    private static List<String> checkLanguages(List<String> languages) {
        if (languages == null || languages.isEmpty() || languages.size() > 10) {
            throw Failure.invalidField("languages", "must list 1 to 10 languages");
        }
        for (int i = 0; i < languages.size(); i++) {
            String language = languages.get(i);
            if (language == null || !LANGUAGE.matcher(language).matches()) {
                throw Failure.invalidField("languages[" + i + "]",
                        "must be a language tag such as es or en-US, got '" + language + "'");
            }
        }
        if (new HashSet<>(languages).size() != languages.size()) {
            throw Failure.invalidField("languages", "lists a language twice: " + languages);
        }
        return List.copyOf(languages);
    }

    private static Map<PromptStage, String> checkPrompts(Map<PromptStage, String> prompts) {
        Map<PromptStage, String> checked = new EnumMap<>(PromptStage.class);
        List<FieldError> errors = new ArrayList<>();
        for (PromptStage stage : PromptStage.values()) {
            String id = prompts == null ? null : prompts.get(stage);
            if (id == null) {
                if (stage.required()) {
                    errors.add(new FieldError("prompts." + stage.id(), "is required"));
                }
            } else if (!PROMPT_ID.matcher(id).matches()) {
                errors.add(new FieldError("prompts." + stage.id(),
                        "must be a prompt id of 1 to 64 characters a-z, 0-9 and _, got '" + id + "'"));
            } else {
                checked.put(stage, id);
            }
        }
        if (!errors.isEmpty()) {
            throw Failure.invalid("invalid-input", "Invalid input", "the template's prompts are incomplete or invalid: "
                    + errors.stream().map(e -> e.field() + " " + e.message()).toList()).withErrors(errors);
        }
        return java.util.Collections.unmodifiableMap(checked);
    }

    private static List<Rule> checkRules(List<Rule> rules) {
        if (rules == null) {
            return List.of();
        }
        if (rules.size() > 20) {
            throw Failure.invalidField("transformationRules", "may hold at most 20 rules, got " + rules.size());
        }
        for (int i = 0; i < rules.size(); i++) {
            checkRule(i, rules.get(i));
        }
        return List.copyOf(rules);
    }

    private static void checkRule(int index, Rule rule) {
        String field = "transformationRules[" + index + "]";
        if (rule == null || rule.pattern() == null || rule.pattern().isEmpty() || rule.pattern().length() > 500) {
            throw Failure.invalidField(field + ".pattern", "is required, 1 to 500 characters");
        }
        if (rule.replacement() == null || rule.replacement().length() > 100) {
            throw Failure.invalidField(field + ".replacement", "is required, at most 100 characters (may be empty)");
        }
        if (rule.example() == null || !EXAMPLE.matcher(rule.example()).matches()) {
            throw Failure.invalidField(field + ".example", "must be 1 to 32 keys 0-9, * or #, got '" + rule.example() + "'");
        }
        if (rule.expected() == null || !EXPECTED.matcher(rule.expected()).matches()) {
            throw Failure.invalidField(field + ".expected", "must be 1 to 32 digits, got '" + rule.expected() + "'");
        }
        String result;
        try {
            result = TransformationRule.of(rule.pattern(), rule.replacement()).apply(rule.example());
        } catch (IllegalArgumentException e) {
            throw ruleFailed(field, "rule " + index + ": " + e.getMessage());
        }
        if (!result.equals(rule.expected())) {
            throw ruleFailed(field, "rule " + index + " (" + rule.pattern() + " -> " + rule.replacement()
                    + ") turns example '" + rule.example() + "' into '" + result + "', not the expected '"
                    + rule.expected() + "'");
        }
    }

    private static Failure ruleFailed(String field, String detail) {
        return new Failure(Failure.Kind.INVALID, "transformation-rule-failed", "Transformation rule failed", detail)
                .withErrors(List.of(new FieldError(field, detail)));
    }
}
