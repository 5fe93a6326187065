package io.ringback.rating.app;

import io.ringback.common.Principal;
import io.ringback.rating.domain.TableKind;

import java.util.UUID;

/**
 * Who may see and change a rate table. The platform admin: every table. An agent: the customer
 * tables it owns (its rate plans, which it sells to its sub-accounts) and, read-only, the one it
 * buys on (its parent's plan assigned to its account); never a vendor cost table, a platform
 * table or another agent's plan. What an agent may not see does not exist for it.
 */
public final class TableAccess {

    private TableAccess() {
    }

    /**
     * @param boughtOn the id of the rate plan the caller's own account buys on; null when it has
     *                 none (only needed when the caller does not own the table)
     */
    public static boolean readable(Principal caller, StoredRateTable table, UUID boughtOn) {
        return caller.admin() || owns(caller, table)
                || (table.table().kind() == TableKind.CUSTOMER && boughtOn != null
                && boughtOn.toString().equals(table.table().id()));
    }

    /** May the caller import into or delete the table: the admin, or the agent that owns it. */
    public static boolean writable(Principal caller, StoredRateTable table) {
        return caller.admin() || owns(caller, table);
    }

    private static boolean owns(Principal caller, StoredRateTable table) {
        return table.table().kind() == TableKind.CUSTOMER && caller.accountId() != null
                && caller.accountId().equals(table.owner());
    }
}
