package io.ringback.signaling.core.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One trusted source of a DID's provider: a single IP address ({@code 203.0.113.7},
 * {@code 2001:db8::7}) or a CIDR range ({@code 203.0.113.0/24}, {@code 2001:db8::/32}).
 *
 * <p>Only IP literals are accepted, never host names: a name would need a DNS lookup on every
 * trigger, and whoever controls the name's zone would decide who is trusted. An IPv4 address
 * written as IPv4-mapped IPv6 ({@code ::ffff:203.0.113.7}) is the IPv4 address, so a dual-stack
 * socket's view of an IPv4 peer matches an IPv4 range.
 */
public final class AddressRange {

    private final String text;
    private final byte[] network;
    private final int prefixLength;

    private AddressRange(String text, byte[] network, int prefixLength) {
        this.text = text;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses an address or a CIDR range; {@code IllegalArgumentException} (with a message for the
     * operator) when it is neither. The host bits of a range must be zero
     * ({@code 10.0.0.1/8} is refused: it is usually a typing mistake).
     */
    public static AddressRange parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a trusted source is an IP address or a CIDR range, not empty");
        }
        String trimmed = value.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literal(addressPart).orElseThrow(() -> new IllegalArgumentException(
                "'" + trimmed + "' is not an IP address or CIDR range (host names are not accepted)"));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixPart = trimmed.substring(slash + 1);
            if (!prefixPart.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("'" + trimmed + "' has no valid prefix length after '/'");
            }
            prefix = Integer.parseInt(prefixPart);
            if (prefix > bits) {
                throw new IllegalArgumentException("'" + trimmed + "': the prefix length is at most " + bits);
            }
        }
        if (!Arrays.equals(address, masked(address, prefix))) {
            throw new IllegalArgumentException("'" + trimmed + "' has host bits set; the range is "
                    + format(masked(address, prefix)) + "/" + prefix);
        }
        String canonical = prefix == bits ? format(address) : format(address) + "/" + prefix;
        return new AddressRange(canonical, address, prefix);
    }

    /** True when {@code address} (an IP literal, as the transport reports the peer) is inside the range. */
    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    /** True when the raw address (4 or 16 bytes) is inside the range; other families never match. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, prefixLength), network);
    }

    /** The canonical text: the address, or network/prefix. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * The bytes of an IP literal, without any name lookup: dotted-quad IPv4 (four decimal parts
     * 0-255, no shorthand) or IPv6 (anything with a colon, optionally in brackets, as the JDK parses
     * literals). Empty for anything else.
     */
    public static Optional<byte[]> literal(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.matches("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}")) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(bytes);
        }
        if (text.indexOf(':') < 0 || !text.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            // A string of hex digits, colons and dots is parsed as a literal, never looked up.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] = (byte) (result[i] & (0xFF << (8 - keep)));
        }
        return result;
    }

    private static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes always formats", e);
        }
    }
}
