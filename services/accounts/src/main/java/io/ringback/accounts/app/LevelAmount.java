package io.ringback.accounts.app;

import java.math.BigDecimal;
import java.util.UUID;

/** An amount for one level of a reseller chain (level 0 = the account that owns the call). */
public record LevelAmount(int level, UUID accountId, BigDecimal amount) {
}
