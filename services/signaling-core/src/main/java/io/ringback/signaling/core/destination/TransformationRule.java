package io.ringback.signaling.core.destination;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rewrite of the digits a user keyed in as a destination: when {@code pattern} matches the
 * whole number, the number becomes {@code replacement} ({@code $1}, {@code $2}... are the
 * pattern's groups); otherwise the number passes unchanged. A template applies its rules in order,
 * each to the previous one's result.
 */
public final class TransformationRule {

    private final Pattern pattern;
    private final String replacement;

    private TransformationRule(Pattern pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
    }

    /**
     * Compiles a rule.
     *
     * @throws IllegalArgumentException with a message for the operator when the pattern is not a
     *                                  regular expression
     */
    public static TransformationRule of(String pattern, String replacement) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(replacement, "replacement");
        try {
            return new TransformationRule(Pattern.compile(pattern), replacement);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern '" + pattern + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /**
     * The number after this rule.
     *
     * @throws IllegalArgumentException when the replacement refers to a group the pattern does not
     *                                  have, or ends in a lone {@code $} or backslash
     */
    public String apply(String number) {
        Matcher matcher = pattern.matcher(number);
        if (!matcher.matches()) {
            return number;
        }
        try {
            return matcher.replaceFirst(replacement);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalArgumentException("replacement '" + replacement + "' cannot be applied: " + e.getMessage());
        }
    }

    public String pattern() {
        return pattern.pattern();
    }

    public String replacement() {
        return replacement;
    }
}
