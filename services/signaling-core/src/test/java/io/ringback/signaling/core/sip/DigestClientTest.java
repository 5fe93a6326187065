package io.ringback.signaling.core.sip;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestClientTest {

    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final DigestCredentials MUFASA = new DigestCredentials("Mufasa", "Circle of Life");

    private static String rfc7616Challenge(String algorithm) {
        return "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm
                + ", nonce=\"" + RFC7616_NONCE + "\", opaque=\"" + RFC7616_OPAQUE + "\"";
    }

    @Test
    void rfc7616Md5Example() {
        String header = new DigestClient(() -> RFC7616_CNONCE)
                .authorization(DigestChallenge.parse(rfc7616Challenge("MD5")), MUFASA, "GET", "/dir/index.html");
        assertEquals("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"" + RFC7616_NONCE
                + "\", uri=\"/dir/index.html\", response=\"8ca523f5e9506fed4657c9700eebdbec\", algorithm=MD5, cnonce=\""
                + RFC7616_CNONCE + "\", opaque=\"" + RFC7616_OPAQUE + "\", qop=auth, nc=00000001", header);
    }

    @Test
    void rfc7616Sha256Example() {
        String header = new DigestClient(() -> RFC7616_CNONCE)
                .authorization(DigestChallenge.parse(rfc7616Challenge("SHA-256")), MUFASA, "GET", "/dir/index.html");
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", param(header, "response"));
        assertTrue(header.contains("algorithm=SHA-256"), header);
    }

    @Test
    void rfc2617Example() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        String header = new DigestClient(() -> "0a4f113b").authorization(challenge,
                new DigestCredentials("Mufasa", "Circle Of Life"), "GET", "/dir/index.html");
        assertEquals("6629fae49393a05397450978507c4ef1", param(header, "response"));
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", param(header, "opaque"));
    }

    @Test
    void withoutQopTheRfc2069FormHasNoCnonceNorCount() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"sip.trunk\", nonce=\"abc\"");
        String header = new DigestClient(() -> "unused").authorization(challenge,
                new DigestCredentials("alice", "secret"), "INVITE", "sip:4455@10.0.0.1");
        // MD5(MD5(alice:sip.trunk:secret):abc:MD5(INVITE:sip:4455@10.0.0.1))
        assertEquals(md5(md5("alice:sip.trunk:secret") + ":abc:" + md5("INVITE:sip:4455@10.0.0.1")),
                param(header, "response"));
        assertFalse(header.contains("cnonce"), header);
        assertFalse(header.contains("nc="), header);
        assertFalse(header.contains("opaque"), header);
    }

    @Test
    void md5SessHashesTheNonceAndCnonceIntoHa1() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n1\", algorithm=MD5-sess, qop=auth");
        String header = new DigestClient(() -> "c1").authorization(challenge,
                new DigestCredentials("u", "p"), "INVITE", "sip:1@h");
        String ha1 = md5(md5("u:r:p") + ":n1:c1");
        assertEquals(md5(ha1 + ":n1:00000001:c1:auth:" + md5("INVITE:sip:1@h")), param(header, "response"));
        assertTrue(header.contains("algorithm=MD5-sess"), header);
    }

    @Test
    void theNonceCountGrowsPerNonceAndStartsAgainForANewOne() {
        DigestClient client = new DigestClient(() -> "c");
        DigestCredentials credentials = new DigestCredentials("u", "p");
        DigestChallenge first = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n1\", qop=auth");
        DigestChallenge second = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n2\", qop=auth");
        assertEquals("00000001", nc(client.authorization(first, credentials, "INVITE", "sip:1@h")));
        assertEquals("00000002", nc(client.authorization(first, credentials, "INVITE", "sip:2@h")));
        assertEquals("00000001", nc(client.authorization(second, credentials, "INVITE", "sip:3@h")));
        assertEquals("00000003", nc(client.authorization(first, credentials, "INVITE", "sip:4@h")));
    }

    @Test
    void aChallengeIsParsedWithQuotedEscapesStaleAndCaseInsensitiveNames() {
        DigestChallenge challenge = DigestChallenge.parse(
                "digest REALM=\"a \\\"quoted\\\" realm\",NONCE=\"x,y\" , Stale=TRUE, algorithm=sha-256");
        assertEquals("a \"quoted\" realm", challenge.realm());
        assertEquals("x,y", challenge.nonce());
        assertTrue(challenge.stale());
        assertEquals("sha-256", challenge.algorithm());
        assertEquals(List.of(), challenge.qop());
        assertNull(challenge.opaque());
        String header = new DigestClient(() -> "c").authorization(challenge, new DigestCredentials("u", "p"), "INVITE", "sip:1@h");
        assertTrue(header.contains("realm=\"a \\\"quoted\\\" realm\""), header);
    }

    @Test
    void aChallengeWeCannotAnswerIsAClearFailure() {
        DigestClient client = new DigestClient(() -> "c");
        DigestCredentials credentials = new DigestCredentials("u", "p");
        DigestException authInt = assertThrows(DigestException.class, () -> client.authorization(
                DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\""), credentials, "INVITE", "sip:1@h"));
        assertTrue(authInt.getMessage().contains("qop auth-int only"), authInt.getMessage());
        DigestException algorithm = assertThrows(DigestException.class, () -> client.authorization(
                DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"), credentials, "INVITE", "sip:1@h"));
        assertTrue(algorithm.getMessage().contains("algorithm SHA-512-256"), algorithm.getMessage());
        DigestException none = assertThrows(DigestException.class, () -> client.authorization(
                DigestChallenge.parse("Digest realm=\"carrier\", nonce=\"n\""), null, "INVITE", "sip:1@h"));
        assertTrue(none.getMessage().contains("realm \"carrier\") and the gateway has none"), none.getMessage());
    }

    @Test
    void aHeaderThatIsNoDigestChallengeIsRefused() {
        assertTrue(assertThrows(DigestException.class, () -> DigestChallenge.parse("Basic realm=\"r\""))
                .getMessage().contains("not a Digest challenge"));
        assertTrue(assertThrows(DigestException.class, () -> DigestChallenge.parse("Digest realm=\"r\""))
                .getMessage().contains("needs realm and nonce"));
        assertTrue(assertThrows(DigestException.class, () -> DigestChallenge.parse("Digest realm=\"r, nonce=n"))
                .getMessage().contains("unterminated"));
        assertTrue(assertThrows(DigestException.class, () -> DigestChallenge.parse("Digest realm=\"r\" junk, nonce=n"))
                .getMessage().contains("text after the quoted value of realm"));
        assertTrue(assertThrows(DigestException.class, () -> DigestChallenge.parse("Digest realm"))
                .getMessage().contains("is not name=value"));
    }

    private static String nc(String header) {
        Matcher matcher = Pattern.compile("nc=([0-9a-f]{8})").matcher(header);
        assertTrue(matcher.find(), header);
        return matcher.group(1);
    }

    private static String param(String header, String name) {
        Matcher matcher = Pattern.compile("[ ,]" + name + "=\"([^\"]*)\"").matcher(header);
        assertTrue(matcher.find(), name + " in " + header);
        return matcher.group(1);
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
