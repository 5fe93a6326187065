package io.ringback.signaling.adapter.rest;

import io.ringback.signaling.app.GatewaySettings;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** A gateway to create or replace. */
public record GatewayRequest(
        @Schema(required = true, example = "carrier-mx-1") String name,
        @Schema(description = "Absent: the caller's own (the platform for the admin)") UUID ownerAccountId,
        @Schema(required = true, example = "198.51.100.10") String host,
        @Schema(defaultValue = "5060") Integer port,
        @Schema(defaultValue = "UDP", enumeration = {"UDP", "TCP"}) String transport,
        @Schema(required = true, enumeration = {"CALLBACK", "DESTINATION", "BOTH"}) String role,
        @Schema(defaultValue = "", example = "00") String stripPrefix,
        @Schema(defaultValue = "", example = "7788") String addPrefix,
        @Schema(defaultValue = "E164", enumeration = {"E164_PLUS", "E164", "NATIONAL"}) String numberFormat,
        @Schema(defaultValue = "0", description = "Maximum concurrent calls, 0 = no limit") Integer capacity,
        @Schema(defaultValue = "0", description = "Maximum new calls per second, 0 = no limit") Integer callsPerSecond,
        @Schema(defaultValue = "100", description = "0 to 1000, lower is tried first") Integer priority,
        @Schema(defaultValue = "true") Boolean enabled,
        @Schema(description = "Digest user name we answer the gateway's challenges with; absent: no credentials "
                + "(stored ones are removed)", maxLength = 128) String digestUsername,
        @Schema(description = "Write-only, never returned; required with a new digestUsername, absent keeps the "
                + "stored password", maxLength = 128) String digestPassword,
        @Schema(description = "Rating's vendor cost table (kind VENDOR) of legs through this gateway") UUID vendorRateTableId) {

    GatewaySettings settings() {
        return new GatewaySettings(name, ownerAccountId, host, port == null ? 5060 : port,
                GatewaySettings.parse("transport", transport == null ? "UDP" : transport, GatewaySettings.Transport.class),
                GatewaySettings.parse("role", role, GatewaySettings.Role.class),
                stripPrefix == null ? "" : stripPrefix, addPrefix == null ? "" : addPrefix,
                GatewaySettings.parse("numberFormat", numberFormat == null ? "E164" : numberFormat,
                        GatewaySettings.NumberFormat.class),
                capacity == null ? 0 : capacity, callsPerSecond == null ? 0 : callsPerSecond,
                priority == null ? 100 : priority, enabled == null || enabled, digestUsername, digestPassword,
                vendorRateTableId);
    }
}
