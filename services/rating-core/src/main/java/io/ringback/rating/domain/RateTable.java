package io.ringback.rating.domain;

import java.util.Objects;

/**
 * A rate table's identity: both kinds rate the same way.
 *
 * @param id       opaque id (a UUID in the service)
 * @param name     unique name
 * @param kind     customer price list or vendor cost list
 * @param currency ISO 4217 code of every amount in the table
 * @param version  grows with every change of the rows, so replicas know when to reload
 */
public record RateTable(String id, String name, TableKind kind, String currency, long version) {

    public RateTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
    }
}
