package io.ringback.accounts.domain;

/**
 * A rule of the accounts domain refused a request. The adapters turn it into their error model
 * (problem details on REST, a status on gRPC); {@code slug} names the problem type.
 */
public class AccountsException extends RuntimeException {

    /** What kind of refusal, independent of the protocol. */
    public enum Kind { INVALID, NOT_FOUND, FORBIDDEN, CONFLICT, UNPROCESSABLE, UNAUTHENTICATED }

    private final Kind kind;
    private final String slug;
    private final String title;

    public AccountsException(Kind kind, String slug, String title, String detail) {
        super(detail);
        this.kind = kind;
        this.slug = slug;
        this.title = title;
    }

    public static AccountsException invalid(String slug, String title, String detail) {
        return new AccountsException(Kind.INVALID, slug, title, detail);
    }

    public static AccountsException conflict(String slug, String title, String detail) {
        return new AccountsException(Kind.CONFLICT, slug, title, detail);
    }

    public static AccountsException forbidden(String slug, String title, String detail) {
        return new AccountsException(Kind.FORBIDDEN, slug, title, detail);
    }

    public static AccountsException unprocessable(String slug, String title, String detail) {
        return new AccountsException(Kind.UNPROCESSABLE, slug, title, detail);
    }

    /** The same answer for an account that does not exist and one outside the caller's subtree. */
    public static AccountsException accountNotFound(Object id) {
        return new AccountsException(Kind.NOT_FOUND, "not-found", "Account not found", "No account " + id + ".");
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
