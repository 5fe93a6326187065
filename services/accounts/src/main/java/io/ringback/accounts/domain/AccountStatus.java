package io.ringback.accounts.domain;

/** Lifecycle status of an account. Only an active account (with active ancestors) may call. */
public enum AccountStatus { ACTIVE, SUSPENDED, CLOSED }
