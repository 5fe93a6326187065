package io.ringback.signaling.app;

import io.ringback.common.Failure;

import java.util.Locale;
import java.util.UUID;

/**
 * Everything an operator sets on a gateway, checked: a value the call path could not use is
 * refused naming the field, before anything is stored.
 *
 * @param name           1 to 200 characters, unique among the owner's gateways
 * @param ownerAccountId null: the caller's own (the platform for the admin)
 * @param host           host name or IP address of the peer
 * @param port           1 to 65535
 * @param transport      UDP or TCP
 * @param role           which legs may be sent to it: CALLBACK (leg A), DESTINATION (leg B) or BOTH
 * @param stripPrefix    digits removed from the front of a number sent to it, when it starts with them
 * @param addPrefix      digits put in front of a number sent to it (after stripping)
 * @param numberFormat   how it wants numbers written: E164_PLUS, E164 (no +) or NATIONAL
 * @param capacity       maximum concurrent calls, 0 = no limit
 * @param callsPerSecond maximum new calls per second, 0 = no limit
 * @param priority       0 to 1000, lower is tried first
 * @param enabled        a disabled gateway is never chosen
 * @param digestUsername the user name of the digest credentials we answer the gateway's challenge with;
 *                       null: none (any stored credentials are removed)
 * @param digestPassword their password, write-only; null with a username keeps the stored password
 * @param vendorRateTableId rating's vendor cost table for legs through the gateway; null: none
 */
public record GatewaySettings(String name, UUID ownerAccountId, String host, int port, Transport transport,
                              Role role, String stripPrefix, String addPrefix, NumberFormat numberFormat,
                              int capacity, int callsPerSecond, int priority, boolean enabled,
                              String digestUsername, String digestPassword, UUID vendorRateTableId) {

    public enum Transport { UDP, TCP }

    public enum Role { CALLBACK, DESTINATION, BOTH }

    public enum NumberFormat { E164_PLUS, E164, NATIONAL }

    private static final String HOST = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
            + "|\\[?[0-9A-Fa-f:.]+]?";

    public GatewaySettings {
        name = name == null ? null : name.strip();
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw Failure.invalidField("name", "is required, 1 to 200 characters");
        }
        if (host == null || host.length() > 253 || !host.matches(HOST)) {
            throw Failure.invalidField("host", "must be a host name or IP address, got '" + host + "'");
        }
        CallbackServiceSettings.range("port", port, 1, 65535);
        digits("stripPrefix", stripPrefix);
        digits("addPrefix", addPrefix);
        CallbackServiceSettings.range("capacity", capacity, 0, 1_000_000);
        CallbackServiceSettings.range("callsPerSecond", callsPerSecond, 0, 100_000);
        CallbackServiceSettings.range("priority", priority, 0, 1000);
        if (digestUsername == null && digestPassword != null) {
            throw Failure.invalidField("digestUsername", "is required with digestPassword");
        }
        credential("digestUsername", digestUsername);
        credential("digestPassword", digestPassword);
    }

    private static void credential(String field, String value) {
        if (value != null && (value.isEmpty() || value.length() > 128 || !value.chars().allMatch(c -> c > 0x20 && c != 0x7f))) {
            throw Failure.invalidField(field, "must be 1 to 128 characters without spaces or control characters");
        }
    }

    /** Parses an enumerated field case-insensitively, naming the field and its values when it is none. */
    public static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        if (value == null) {
            throw Failure.invalidField(field, "is required");
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ", got '" + value + "'");
        }
    }

    private static void digits(String field, String value) {
        if (value == null || !value.matches("[0-9]{0,15}")) {
            throw Failure.invalidField(field, "must be 0 to 15 digits, got '" + value + "'");
        }
    }
}
