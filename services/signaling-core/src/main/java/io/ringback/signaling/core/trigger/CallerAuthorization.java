package io.ringback.signaling.core.trigger;

/**
 * What accounts answered about the caller (AuthorizeCaller), in the trigger's terms.
 *
 * @param verdict        accounts' reason
 * @param accountId      the caller's account; null when not registered
 * @param defaultCtdMode the account's default CTD mode ({@code STANDARD}/{@code FLOW}); null when none
 */
public record CallerAuthorization(Verdict verdict, String accountId, String defaultCtdMode) {

    /** Accounts' reasons. */
    public enum Verdict { OK, PIN_LOGIN, CALLER_NOT_REGISTERED, ACCOUNT_INACTIVE, ANCESTOR_INACTIVE,
        INSUFFICIENT_BALANCE }
}
