package io.ringback.accounts.app;

import io.ringback.accounts.domain.AccountStatus;
import io.ringback.accounts.domain.BillingType;
import io.ringback.accounts.domain.CtdMode;

import java.util.UUID;

/**
 * The fields of a new account, or (every field nullable) the changes to one: null = not given.
 * {@code creditLimit}, {@code perCallLimit} and {@code dailyLimit} are the decimal strings as
 * received; an empty cap removes it.
 */
public record AccountDraft(UUID parentId, String name, AccountStatus status, BillingType billingType,
                           String currency, String creditLimit, String rateTableId, CtdMode defaultCtdMode,
                           String perCallLimit, String dailyLimit) {
}
