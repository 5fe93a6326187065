package io.ringback.signaling.adapter.persistence;

import jakarta.persistence.Embeddable;

/** A row of {@code template_rule}: one transformation rule with the example it was tested with. */
@Embeddable
public class TemplateRuleEmbeddable {

    public String pattern;

    public String replacement;

    public String example;

    public String expected;

    public TemplateRuleEmbeddable() {
    }

    public TemplateRuleEmbeddable(String pattern, String replacement, String example, String expected) {
        this.pattern = pattern;
        this.replacement = replacement;
        this.example = example;
        this.expected = expected;
    }
}
