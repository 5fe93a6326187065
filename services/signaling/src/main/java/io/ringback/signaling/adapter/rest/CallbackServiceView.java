package io.ringback.signaling.adapter.rest;

import io.ringback.common.Money;
import io.ringback.signaling.adapter.persistence.CallbackServiceEntity;

import java.time.Instant;
import java.util.UUID;

/** A callback service as the API shows it; {@code ownerAccountId} null is the platform's. */
public record CallbackServiceView(UUID id, String name, UUID ownerAccountId, UUID templateId, String language,
                                  String ctdMode, UUID flowRateTableId, String callerPolicy, String minimumBalance,
                                  int callbackDelaySeconds, int attempts, int retryIntervalSeconds,
                                  int ringTimeoutSeconds, int maxConcurrentCallbacks, int rejectCode,
                                  int unauthorizedCode, boolean redialAllowed, boolean enabled, Instant createdAt,
                                  Instant updatedAt) {

    static CallbackServiceView of(CallbackServiceEntity row) {
        return new CallbackServiceView(row.id, row.name, row.ownerAccountId, row.templateId, row.language, row.ctdMode,
                row.flowRateTableId, row.callerPolicy, Money.format(row.minimumBalance), row.callbackDelaySeconds,
                row.attempts, row.retryIntervalSeconds, row.ringTimeoutSeconds, row.maxConcurrentCallbacks,
                row.rejectCode, row.unauthorizedCode, row.redialAllowed, row.enabled, row.createdAt, row.updatedAt);
    }
}
