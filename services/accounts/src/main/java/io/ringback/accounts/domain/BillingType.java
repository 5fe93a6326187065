package io.ringback.accounts.domain;

/** Prepaid (balance + optional credit limit cover the calls) or postpaid (the credit limit does). */
public enum BillingType { PREPAID, POSTPAID }
