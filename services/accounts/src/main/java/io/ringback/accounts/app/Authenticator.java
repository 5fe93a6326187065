package io.ringback.accounts.app;

import io.quarkus.runtime.Startup;
import io.ringback.accounts.adapter.persistence.AccountRepository;
import io.ringback.accounts.adapter.persistence.ApiKeyRepository;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.AccountStatus;
import io.ringback.accounts.domain.ApiKeys;
import io.ringback.common.Failure;
import io.ringback.common.Principal;
import io.ringback.service.auth.PrincipalResolver;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an API key into a {@link Principal}: the admin key of the configuration, or an unrevoked
 * agent API key of an account that is not closed. An agent whose account or any ancestor is not
 * ACTIVE authenticates for reads only ({@link Principal#active}). It resolves the keys of this
 * service's REST requests and, through the gRPC {@code Authenticate}, those of every other
 * service. Started with the application, so a bad admin key stops the start, naming the setting.
 */
@Startup
@Singleton
public class Authenticator implements PrincipalResolver {

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
        Optional<String> admin = config.adminKey().map(String::trim).filter(key -> !key.isEmpty());
        if (admin.isPresent() && admin.get().length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalStateException("ringback.accounts.admin-key (env RINGBACK_ACCOUNTS_ADMIN_KEY) must be at least "
                    + MIN_ADMIN_KEY_LENGTH + " characters; it has " + admin.get().length());
        }
        if (admin.isEmpty()) {
            LOG.warn("ringback.accounts.admin-key is not set: no request can act as the platform admin");
        }
        this.adminKey = admin.map(key -> key.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** The REST requests of this service: the database read runs on a worker thread. */
    @Override
    public Uni<Principal> resolve(String apiKey) {
        return Uni.createFrom().item(() -> authenticateKey(apiKey)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The principal of a key; UNAUTHENTICATED when it is unknown or revoked. Blocking. */
    public Principal authenticateKey(String key) {
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
                boolean active = chain.stream().allMatch(Account::active);
                return Optional.of(new Principal(accountId.get(), accounts.authorizations(c, accountId.get()), active));
            });
            if (agent.isPresent()) {
                return agent.get();
            }
        }
        throw Failure.unauthenticated("the key is unknown or revoked");
    }
}
