package io.ringback.accounts.app;

import io.ringback.accounts.adapter.persistence.AccountRepository;
import io.ringback.accounts.adapter.persistence.ApiKeyRepository;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.AccountStatus;
import io.ringback.accounts.domain.AccountsException;
import io.ringback.accounts.domain.ApiKeys;
import io.ringback.accounts.domain.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the bearer credential of a request into a {@link Principal}: the admin key of the
 * configuration, or an unrevoked agent API key of an account that is not closed. An agent whose
 * account or any ancestor is not ACTIVE authenticates for reads only ({@link Principal#chainActive}).
 */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    private static final int MIN_ADMIN_KEY_LENGTH = 32;

    private final Database database;
    private final ApiKeyRepository apiKeys;
    private final AccountRepository accounts;
    private final byte[] adminKey;

    public Authenticator(Database database, ApiKeyRepository apiKeys, AccountRepository accounts,
                         AccountsConfig config) {
        this.database = database;
        this.apiKeys = apiKeys;
        this.accounts = accounts;
        Optional<String> admin = config.adminKey().filter(key -> !key.isBlank());
        if (admin.isPresent() && admin.get().length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalArgumentException("ringback.accounts.admin-key must be at least "
                    + MIN_ADMIN_KEY_LENGTH + " characters");
        }
        if (admin.isEmpty()) {
            LOG.warn("ringback.accounts.admin-key is not set: no request can act as the platform admin");
        }
        this.adminKey = admin.map(key -> key.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** The caller of an {@code Authorization: Bearer <key>} header; 401 when absent or unknown. */
    public Principal authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthenticated("send Authorization: Bearer <key> (the admin key or an agent API key)");
        }
        String key = authorizationHeader.substring(7).trim();
        // Constant-time comparison: the admin key must not leak through response timing.
        if (adminKey != null && MessageDigest.isEqual(adminKey, key.getBytes(StandardCharsets.UTF_8))) {
            return Principal.ADMIN;
        }
        if (key.startsWith(ApiKeys.PREFIX)) {
            Optional<Principal> agent = database.read(c -> {
                Optional<UUID> accountId = apiKeys.accountOf(c, ApiKeys.hash(key));
                if (accountId.isEmpty()) {
                    return Optional.empty();
                }
                List<Account> chain = accounts.chain(c, accountId.get());
                if (chain.isEmpty() || chain.get(0).status() == AccountStatus.CLOSED) {
                    return Optional.empty();
                }
                boolean chainActive = chain.stream().allMatch(Account::active);
                return Optional.of(new Principal(accountId.get(), accounts.authorizations(c, accountId.get()),
                        chainActive));
            });
            if (agent.isPresent()) {
                return agent.get();
            }
        }
        throw unauthenticated("the key is unknown or revoked");
    }

    private static AccountsException unauthenticated(String detail) {
        return new AccountsException(AccountsException.Kind.UNAUTHENTICATED, "unauthenticated",
                "Authentication required", detail);
    }
}
