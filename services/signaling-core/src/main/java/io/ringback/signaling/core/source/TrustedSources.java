package io.ringback.signaling.core.source;

import java.util.List;

/**
 * The addresses a DID's provider sends its calls from. A trigger from anywhere else is refused
 * before anything else is looked at: its caller ID could be anyone's, and believing it would make
 * the platform call any number at the operator's cost.
 */
public record TrustedSources(List<AddressRange> ranges) {

    public TrustedSources {
        ranges = List.copyOf(ranges);
    }

    /** Parses each entry ({@link AddressRange#parse}); the first invalid one fails the whole list. */
    public static TrustedSources parse(List<String> entries) {
        return new TrustedSources(entries.stream().map(AddressRange::parse).toList());
    }

    /** True when the peer address is inside one of the ranges; an empty list trusts nobody. */
    public boolean trusts(String peerAddress) {
        return AddressRange.literal(peerAddress)
                .map(bytes -> ranges.stream().anyMatch(range -> range.contains(bytes)))
                .orElse(false);
    }

    /** The canonical texts of the ranges, as stored and shown. */
    public List<String> texts() {
        return ranges.stream().map(AddressRange::toString).toList();
    }
}
