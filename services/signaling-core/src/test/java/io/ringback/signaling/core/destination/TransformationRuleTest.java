package io.ringback.signaling.core.destination;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformationRuleTest {

    @Test
    void aMatchingNumberIsRewrittenWithTheGroups() {
        TransformationRule national = TransformationRule.of("0([1-9][0-9]{9})", "52$1");
        assertEquals("525512345678", national.apply("05512345678"));
    }

    @Test
    void aRuleAppliesOnlyWhenThePatternMatchesTheWholeNumber() {
        TransformationRule international = TransformationRule.of("00([1-9][0-9]+)", "$1");
        assertEquals("5512345678", international.apply("5512345678"));
        assertEquals("x0044123", international.apply("x0044123"));
        assertEquals("44123", international.apply("0044123"));
    }

    @Test
    void anInvalidPatternOrAMissingGroupIsRefusedWithTheReason() {
        IllegalArgumentException pattern = assertThrows(IllegalArgumentException.class,
                () -> TransformationRule.of("0([1-9]", "$1"));
        assertTrue(pattern.getMessage().contains("'0([1-9]' is not a regular expression"), pattern.getMessage());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> TransformationRule.of("0([1-9]+)", "52$2").apply("0123"));
        assertTrue(group.getMessage().contains("replacement '52$2' cannot be applied"), group.getMessage());
    }
}
