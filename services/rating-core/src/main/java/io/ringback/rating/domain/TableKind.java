package io.ringback.rating.domain;

/** What a rate table prices: a customer price list (a rate plan or a flow table) or a gateway's vendor costs. */
public enum TableKind {
    CUSTOMER,
    VENDOR
}
