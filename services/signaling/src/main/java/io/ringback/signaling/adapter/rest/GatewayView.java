package io.ringback.signaling.adapter.rest;

import io.ringback.signaling.adapter.persistence.GatewayEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A gateway as the API shows it: its digest user name and whether a password is stored, never the
 * password.
 */
public record GatewayView(UUID id, UUID ownerAccountId, String name, String host, int port, String transport,
                          String role, String stripPrefix, String addPrefix, String numberFormat, int capacity,
                          int callsPerSecond, int priority, boolean enabled, String digestUsername,
                          boolean digestPasswordSet, UUID vendorRateTableId, Instant createdAt, Instant updatedAt) {

    static GatewayView of(GatewayEntity row) {
        return new GatewayView(row.id, row.ownerAccountId, row.name, row.host, row.port, row.transport, row.role,
                row.stripPrefix, row.addPrefix, row.numberFormat, row.capacity, row.callsPerSecond, row.priority,
                row.enabled, row.digestUsername, row.digestPassword != null, row.vendorRateTableId, row.createdAt,
                row.updatedAt);
    }
}
