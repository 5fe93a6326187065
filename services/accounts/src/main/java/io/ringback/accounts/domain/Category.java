package io.ringback.accounts.domain;

/** Derived, never set: an account with sub-accounts is an agent. */
public enum Category {
    ACCOUNT, AGENT;

    public static Category of(boolean hasSubAccounts) {
        return hasSubAccounts ? AGENT : ACCOUNT;
    }
}
