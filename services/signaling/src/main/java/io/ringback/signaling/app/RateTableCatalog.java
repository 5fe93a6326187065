package io.ringback.signaling.app;

import java.util.Optional;
import java.util.UUID;

/** What rating says of a rate table, the port a gateway's vendor cost table is checked against. */
public interface RateTableCatalog {

    /** What a rate table prices. */
    enum Kind { CUSTOMER, VENDOR }

    /**
     * The kind of the table, empty when rating has no table of that id.
     *
     * @throws io.ringback.common.Failure UNAVAILABLE when rating cannot answer
     */
    Optional<Kind> kind(UUID rateTableId);
}
