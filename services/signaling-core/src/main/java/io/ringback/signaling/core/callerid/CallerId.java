package io.ringback.signaling.core.callerid;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which number a trigger comes from. P-Asserted-Identity (RFC 3325) is the identity the
 * provider's network vouches for, so it wins when the source is trusted to assert it; otherwise
 * (or when it carries no number) the From user part is taken. Either is normalized by the DID's
 * rule. An anonymous or withheld identity, or one that is not a number, gives no caller ID: the
 * platform cannot call back someone it cannot name.
 */
public final class CallerId {

    /** User parts that mean "withheld" in the wild (RFC 3323 §4.1.1.3 recommends "anonymous"). */
    private static final Set<String> WITHHELD = Set.of("anonymous", "unknown", "unavailable", "restricted",
            "private", "withheld", "anonymous.invalid");

    private CallerId() {
    }

    /**
     * The normalized caller ID.
     *
     * @param assertedIdentities user parts (or tel: numbers) of the P-Asserted-Identity values, in order; may be empty
     * @param fromUser           the user part of the From URI; may be null
     * @param assertionTrusted   whether the source may assert identities
     * @param normalization      the DID's rule
     */
    public static Optional<String> of(List<String> assertedIdentities, String fromUser, boolean assertionTrusted,
                                      CallerIdNormalization normalization) {
        if (assertionTrusted) {
            for (String asserted : assertedIdentities) {
                Optional<String> number = number(asserted, normalization);
                if (number.isPresent()) {
                    return number;
                }
            }
        }
        return number(fromUser, normalization);
    }

    private static Optional<String> number(String userPart, CallerIdNormalization normalization) {
        if (userPart == null) {
            return Optional.empty();
        }
        // RFC 3966 parameters (";phone-context=...", ";isub=...") are not part of the number.
        int parameters = userPart.indexOf(';');
        String number = parameters < 0 ? userPart : userPart.substring(0, parameters);
        if (WITHHELD.contains(number.strip().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return normalization.normalize(number);
    }
}
