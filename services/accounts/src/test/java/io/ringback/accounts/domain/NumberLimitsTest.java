package io.ringback.accounts.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NumberLimitsTest {

    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID RETAIL = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID WHOLESALE = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

    private static NumberLimits limits(UUID id, Set<String> allow, Set<String> deny) {
        return new NumberLimits(id, allow, deny);
    }

    @Test
    void noListsAnywhereAllowsEveryNumber() {
        var decision = NumberLimits.check(List.of(limits(CUSTOMER, Set.of(), Set.of())), "8801711000001");
        assertEquals(new NumberLimits.Decision(true, NumberLimits.Reason.ALLOWED, null, null), decision);
    }

    @Test
    void anAncestorsDenyPrefixRefusesAndIsNamed() {
        var chain = List.of(limits(CUSTOMER, Set.of(), Set.of()), limits(RETAIL, Set.of(), Set.of()),
                limits(WHOLESALE, Set.of(), Set.of("1900", "19")));
        assertEquals(new NumberLimits.Decision(false, NumberLimits.Reason.DENY_PREFIX, WHOLESALE, "1900"),
                NumberLimits.check(chain, "19005551234"));
        assertEquals(NumberLimits.Reason.ALLOWED, NumberLimits.check(chain, "18005551234").reason());
    }

    @Test
    void anAllowListAnywhereInTheChainMustMatch() {
        var chain = List.of(limits(CUSTOMER, Set.of(), Set.of()), limits(RETAIL, Set.of("880"), Set.of()));
        assertEquals(new NumberLimits.Decision(false, NumberLimits.Reason.NOT_IN_ALLOW_LIST, RETAIL, null),
                NumberLimits.check(chain, "447700900000"));
        assertEquals(NumberLimits.Reason.ALLOWED, NumberLimits.check(chain, "8801711000001").reason());
    }

    @Test
    void aSubAccountCanOnlyNarrowWhatItsAgentAllows() {
        // The sub-account allows 44 but its agent allows only 880: its own allow list cannot widen that.
        var chain = List.of(limits(CUSTOMER, Set.of("44", "880"), Set.of()), limits(RETAIL, Set.of("880"), Set.of()));
        assertEquals(new NumberLimits.Decision(false, NumberLimits.Reason.NOT_IN_ALLOW_LIST, RETAIL, null),
                NumberLimits.check(chain, "447700900000"));
        var narrower = List.of(limits(CUSTOMER, Set.of(), Set.of("88017")), limits(RETAIL, Set.of("880"), Set.of()));
        assertEquals(new NumberLimits.Decision(false, NumberLimits.Reason.DENY_PREFIX, CUSTOMER, "88017"),
                NumberLimits.check(narrower, "8801711000001"));
        assertEquals(NumberLimits.Reason.ALLOWED, NumberLimits.check(narrower, "8801811000001").reason());
    }

    @Test
    void theClosestRefusingLevelIsNamedAndTheLongestDenyPrefix() {
        var chain = List.of(limits(CUSTOMER, Set.of(), Set.of("8801", "880171")),
                limits(WHOLESALE, Set.of(), Set.of("880")));
        assertEquals(new NumberLimits.Decision(false, NumberLimits.Reason.DENY_PREFIX, CUSTOMER, "880171"),
                NumberLimits.check(chain, "8801711000001"));
    }
}
