package io.ringback.cdr.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The margins of one rated leg in a reseller chain (docs/events.md): the platform keeps what the
 * top level pays minus the vendor cost; the agent at level n (n >= 1) keeps what its child (level
 * n - 1) pays minus what it pays itself. Summed, they are the customer's charge minus the cost.
 */
public final class Margins {

    /** The level of the platform in a {@link Margin}. */
    public static final int PLATFORM = -1;

    /** What one level of the chain is charged for the leg, level 0 first. */
    public record Charge(int level, String accountId, BigDecimal amount, String currency) {
    }

    /**
     * The margin of one party: {@code amount} is null when the two amounts it is the difference of
     * are in different currencies (nothing here converts between them).
     */
    public record Margin(int level, String accountId, BigDecimal amount, String currency) {
    }

    private Margins() {
    }

    /**
     * The platform's margin first, then each agent's from the top level down to level 1.
     *
     * @param charges      every level's charge, level 0 first (not empty)
     * @param vendorCost   what the leg cost the platform
     * @param costCurrency the currency of the vendor cost (empty: taken as the top level's)
     */
    public static List<Margin> of(List<Charge> charges, BigDecimal vendorCost, String costCurrency) {
        if (charges.isEmpty()) {
            throw new IllegalArgumentException("a rated leg has the charge of at least one level");
        }
        List<Margin> margins = new ArrayList<>(charges.size());
        Charge top = charges.get(charges.size() - 1);
        String cost = costCurrency == null || costCurrency.isEmpty() ? top.currency() : costCurrency;
        margins.add(new Margin(PLATFORM, "", difference(top.amount(), top.currency(), vendorCost, cost),
                top.currency()));
        for (int level = charges.size() - 1; level >= 1; level--) {
            Charge agent = charges.get(level);
            Charge child = charges.get(level - 1);
            margins.add(new Margin(level, agent.accountId(),
                    difference(child.amount(), child.currency(), agent.amount(), agent.currency()), agent.currency()));
        }
        return margins;
    }

    private static BigDecimal difference(BigDecimal earned, String earnedCurrency, BigDecimal paid, String paidCurrency) {
        return earnedCurrency.equals(paidCurrency) ? earned.subtract(paid) : null;
    }
}
