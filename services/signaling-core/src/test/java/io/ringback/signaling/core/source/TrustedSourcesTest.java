package io.ringback.signaling.core.source;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedSourcesTest {

    @Test
    void aSingleIpv4AddressTrustsOnlyItself() {
        TrustedSources sources = TrustedSources.parse(List.of("203.0.113.7"));
        assertTrue(sources.trusts("203.0.113.7"));
        assertFalse(sources.trusts("203.0.113.8"));
        assertFalse(sources.trusts("203.0.113.70"));
    }

    @Test
    void anIpv4CidrRangeTrustsEveryAddressInsideAndNoneOutside() {
        TrustedSources sources = TrustedSources.parse(List.of("198.51.100.64/26"));
        assertTrue(sources.trusts("198.51.100.64"));
        assertTrue(sources.trusts("198.51.100.127"));
        assertFalse(sources.trusts("198.51.100.63"));
        assertFalse(sources.trusts("198.51.100.128"));
    }

    @Test
    void anIpv6AddressAndRangeMatchInAnySpelling() {
        TrustedSources sources = TrustedSources.parse(List.of("2001:db8::7", "2001:db8:aa00::/40"));
        assertTrue(sources.trusts("2001:0db8:0000:0000:0000:0000:0000:0007"));
        assertTrue(sources.trusts("[2001:db8::7]"));
        assertTrue(sources.trusts("2001:db8:aaff:ffff::1"));
        assertFalse(sources.trusts("2001:db8:ab00::1"));
        assertFalse(sources.trusts("2001:db8::8"));
    }

    @Test
    void familiesNeverMatchEachOtherButAnIpv4MappedPeerIsItsIpv4Address() {
        TrustedSources v4 = TrustedSources.parse(List.of("192.0.2.0/24"));
        TrustedSources v6 = TrustedSources.parse(List.of("::/0"));
        assertTrue(v4.trusts("::ffff:192.0.2.10"));
        assertFalse(v6.trusts("192.0.2.10"));
        assertTrue(v6.trusts("2001:db8::1"));
    }

    @Test
    void anEmptyListTrustsNobodyAndGarbagePeersMatchNothing() {
        assertFalse(TrustedSources.parse(List.of()).trusts("192.0.2.1"));
        TrustedSources all = TrustedSources.parse(List.of("0.0.0.0/0"));
        assertTrue(all.trusts("192.0.2.1"));
        assertFalse(all.trusts("not-an-address"));
        assertFalse(all.trusts(null));
        assertFalse(all.trusts("192.0.2"));
    }

    @Test
    void hostNamesMalformedRangesAndHostBitsAreRefusedWithAMessage() {
        assertEquals("'gw.example.com' is not an IP address or CIDR range (host names are not accepted)",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("gw.example.com")).getMessage());
        assertEquals("'10.0.0.1/8' has host bits set; the range is 10.0.0.0/8",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.1/8")).getMessage());
        assertEquals("'10.0.0.0/33': the prefix length is at most 32",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("256.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("2001:db8::/129"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(""));
    }

    @Test
    void rangesAreStoredInTheirCanonicalText() {
        assertEquals(List.of("2001:db8:0:0:0:0:0:7", "192.0.2.0/24"),
                TrustedSources.parse(List.of(" 2001:DB8::7 ", "192.0.2.0/24")).texts());
    }
}
