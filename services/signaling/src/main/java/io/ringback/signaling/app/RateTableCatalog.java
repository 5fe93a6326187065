package io.ringback.signaling.app;

import io.ringback.common.Failure;

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

    /** Refuses, as a 400 naming {@code field}, a table rating does not have or one of another kind. */
    default void requireKind(String field, UUID rateTableId, Kind expected) {
        Kind kind = kind(rateTableId).orElseThrow(() -> Failure.invalidField(field, "names no rate table " + rateTableId));
        if (kind != expected) {
            throw Failure.invalidField(field, "names rate table " + rateTableId + ", a " + describe(kind) + ", not a "
                    + describe(expected));
        }
    }

    private static String describe(Kind kind) {
        return kind == Kind.VENDOR ? "vendor cost table" : "customer price list";
    }
}
