package io.ringback.signaling.core.callback;

import java.math.BigDecimal;

/** An amount for one level of the reseller chain (0 = the paying account), scale 6. */
public record LevelAmount(int level, String accountId, BigDecimal amount, String currency) {
}
