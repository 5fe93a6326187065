package io.ringback.common;

/**
 * The eight agent authorizations (domain rules §4), each granted per agent by the accounts service
 * and checked by every service whose operations they cover.
 */
public enum Authorization {
    /** Add, delete and modify accounts (and their number limits, authorizations and API keys). */
    MANAGE_ACCOUNTS,
    /** Add, delete and modify phones (caller IDs and their PINs). */
    MANAGE_PHONES,
    /** Add, delete and modify phone cards. */
    MANAGE_PHONE_CARDS,
    /** Add and delete gateways. */
    ADD_DELETE_GATEWAYS,
    /** Modify gateway information. */
    MODIFY_GATEWAY_INFO,
    /** Modify gateway capacity. */
    MODIFY_GATEWAY_CAPACITY,
    /** Record payments for the agent's own account. */
    PAYMENT_FOR_THIS_ACCOUNT,
    /** Record payments for the accounts below the agent. */
    PAYMENT_FOR_SUB_ACCOUNTS
}
