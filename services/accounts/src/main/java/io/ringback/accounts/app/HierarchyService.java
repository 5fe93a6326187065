package io.ringback.accounts.app;

import io.ringback.accounts.adapter.grpc.RatingClient;
import io.ringback.accounts.adapter.persistence.AccountRepository;
import io.ringback.accounts.adapter.persistence.AccountRepository.TreeRow;
import io.ringback.accounts.adapter.persistence.ApiKeyRepository;
import io.ringback.accounts.adapter.persistence.ApiKeyRepository.ApiKeyRow;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.AccountStatus;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.accounts.domain.ApiKeys;
import io.ringback.common.Authorization;
import io.ringback.accounts.domain.Authorizations;
import io.ringback.accounts.domain.BillingType;
import io.ringback.accounts.domain.CtdMode;
import io.ringback.accounts.domain.Hierarchy;
import io.ringback.common.Money;
import io.ringback.accounts.domain.NumberLimits;
import io.ringback.accounts.domain.PhoneNumber;
import io.ringback.accounts.domain.RatePlan;
import io.ringback.accounts.domain.SpendCaps;
import io.ringback.common.Principal;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The hierarchy's use cases: accounts, their authorizations, number limits and API keys, each
 * in one transaction, each checked against the caller's scope and authorizations.
 */
@ApplicationScoped
public class HierarchyService {

    /** Deep enough for any real reseller tree; bounds the recursion should data ever be corrupt. */
    static final int MAX_DEPTH = 1000;

    /** A newly issued API key: the secret is in this answer only. */
    public record IssuedKey(ApiKeyRow row, String key) {
    }

    private final Database database;
    private final AccountRepository accounts;
    private final ApiKeyRepository apiKeys;
    private final AccountsConfig config;
    private final RatingClient rating;
    private final Clock clock;

    public HierarchyService(Database database, AccountRepository accounts, ApiKeyRepository apiKeys,
                           AccountsConfig config, RatingClient rating, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.apiKeys = apiKeys;
        this.config = config;
        this.rating = rating;
        this.clock = clock;
    }

    // --- accounts ---------------------------------------------------------------------------

    public Account create(Principal caller, AccountDraft draft) {
        if (!caller.admin()) {
            caller.require(Authorization.MANAGE_ACCOUNTS);
        }
        String name = name(draft.name());
        String currency = currency(draft.currency() == null ? config.defaultCurrency() : draft.currency());
        BigDecimal creditLimit = draft.creditLimit() == null ? Money.ZERO
                : Money.parseNonNegative("creditLimit", draft.creditLimit());
        // Mandatory designation: an agent's new account lands in its own subtree, by default right below it.
        UUID parentId = draft.parentId() == null && !caller.admin() ? caller.accountId() : draft.parentId();
        // Asked before the transaction: no row or tree lock waits on another service.
        String planId = rateTable(draft.rateTableId());
        RatePlan plan = planId == null ? null : rating.describe(planId);
        return database.transaction(c -> {
            accounts.lockTreeShape(c);
            if (parentId != null) {
                List<UUID> parentChain = ids(accounts.chain(c, parentId));
                if (parentChain.isEmpty() || !caller.sees(parentChain)) {
                    throw unknownParent(parentId);
                }
            }
            BillingType billingType = draft.billingType() == null ? BillingType.PREPAID : draft.billingType();
            Account account = new Account(UUID.randomUUID(), parentId, name,
                    draft.status() == null ? AccountStatus.ACTIVE : draft.status(), billingType, currency, creditLimit,
                    rateTable(draft.rateTableId()), draft.defaultCtdMode() == null ? CtdMode.STANDARD
                    : draft.defaultCtdMode(), clock.instant(), false,
                    caps(draft, SpendCaps.NONE).requireAllowedFor(billingType), false);
            if (plan != null) {
                plan.requireBuyableBy(account, caller, true);
            }
            accounts.insert(c, account);
            return account;
        });
    }

    public Account get(Principal caller, UUID id) {
        return database.read(c -> visibleChain(c, caller, id).get(0));
    }

    /**
     * Applies the given fields; a new parent moves the account (and its subtree) in the tree. A new
     * plan, parent or currency is checked against the plan the account then buys on (a move needs a
     * plan of the new parent, or {@code rateTableId: ""} for none, in the same request).
     */
    public Account update(Principal caller, UUID id, AccountDraft changes) {
        boolean replan = changes.rateTableId() != null || changes.parentId() != null || changes.currency() != null;
        String newPlanId = changes.rateTableId() == null ? null : rateTable(changes.rateTableId());
        String planId = changes.rateTableId() != null ? newPlanId
                : replan ? database.read(c -> accounts.find(c, id).map(Account::rateTableId).orElse(null)) : null;
        // Asked before the transaction: no row or tree lock waits on another service.
        RatePlan described = planId == null ? null : rating.describe(planId);
        return database.transaction(c -> {
            if (changes.parentId() != null) {
                accounts.lockTreeShape(c);
            }
            Account current = changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS).get(0);
            UUID parentId = current.parentId();
            if (changes.parentId() != null && !changes.parentId().equals(current.parentId())) {
                List<UUID> parentChain = ids(accounts.chain(c, changes.parentId()));
                if (parentChain.isEmpty() || !caller.sees(parentChain)) {
                    throw unknownParent(changes.parentId());
                }
                Hierarchy.requireNoCycle(id, parentChain);
                parentId = changes.parentId();
            }
            String currency = changes.currency() == null ? current.currency() : currency(changes.currency());
            if (!currency.equals(current.currency()) && accounts.hasMoneyHistory(c, id)) {
                throw Failure.conflict("currency-locked", "Currency cannot change",
                        "account " + id + " has ledger entries in " + current.currency());
            }
            if (!currency.equals(current.currency()) && accounts.hasCards(c, id)) {
                // Its cards without a plan of their own are priced on its plan, in its currency.
                throw Failure.conflict("currency-locked", "Currency cannot change", "account " + id
                        + " sells phone cards priced on its rate plan in " + current.currency());
            }
            BillingType billingType = changes.billingType() == null ? current.billingType() : changes.billingType();
            Account updated = new Account(id, parentId,
                    changes.name() == null ? current.name() : name(changes.name()),
                    changes.status() == null ? current.status() : changes.status(), billingType, currency,
                    changes.creditLimit() == null ? current.creditLimit()
                            : Money.parseNonNegative("creditLimit", changes.creditLimit()),
                    changes.rateTableId() == null ? current.rateTableId() : rateTable(changes.rateTableId()),
                    changes.defaultCtdMode() == null ? current.defaultCtdMode() : changes.defaultCtdMode(),
                    current.createdAt(), current.hasSubAccounts(),
                    caps(changes, current.spendCaps()).requireAllowedFor(billingType), false);
            if (replan && updated.rateTableId() != null) {
                RatePlan plan = described != null && described.id().equals(updated.rateTableId()) ? described
                        : rating.describe(updated.rateTableId());
                plan.requireBuyableBy(updated, caller, changes.rateTableId() != null);
            }
            accounts.update(c, updated);
            if (!Objects.equals(parentId, current.parentId())) {
                // Under its new parent the moved subtree may hold no more than that parent holds.
                Set<Authorization> parentSet = accounts.authorizations(c, parentId);
                Set<Authorization> own = accounts.authorizations(c, id);
                own.retainAll(parentSet);
                accounts.replaceAuthorizations(c, id, own);
                accounts.restrictSubtree(c, id, own);
            }
            return updated;
        });
    }

    public void delete(Principal caller, UUID id) {
        database.transaction(c -> {
            accounts.lockTreeShape(c);
            Account account = changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS).get(0);
            if (account.hasSubAccounts()) {
                throw Failure.conflict("has-sub-accounts", "Account has sub-accounts",
                        "account " + id + " still has sub-accounts; move or delete them first");
            }
            if (accounts.hasCards(c, id)) {
                throw Failure.conflict("has-phone-cards", "Account sells phone cards",
                        "account " + id + " owns phone cards; close it (status CLOSED) instead of deleting it");
            }
            if (accounts.hasMoneyHistory(c, id)) {
                throw Failure.conflict("has-ledger", "Account has a ledger",
                        "account " + id + " has ledger entries; close it (status CLOSED) instead of deleting it");
            }
            accounts.delete(c, id);
            return null;
        });
    }

    /** The caller's entry points: every top-level account for the admin, its own account for an agent. */
    public Page<Account> roots(Principal caller, int page, int size) {
        long offset = Page.offset(page, size);
        return database.read(c -> {
            if (caller.admin()) {
                return new Page<>(accounts.topLevel(c, offset, size), page, size, accounts.countTopLevel(c));
            }
            List<Account> own = offset == 0 ? List.of(accounts.find(c, caller.accountId()).orElseThrow()) : List.of();
            return new Page<>(own, page, size, 1);
        });
    }

    /** Children ({@code all} false) or the whole subtree, one recursive query, paged. */
    public Page<TreeRow> subAccounts(Principal caller, UUID id, boolean all, int page, int size) {
        int depth = all ? MAX_DEPTH : 1;
        long offset = Page.offset(page, size);
        return database.read(c -> {
            visibleChain(c, caller, id);
            return new Page<>(accounts.subtree(c, id, false, depth, offset, size), page, size,
                    accounts.countSubtree(c, id, depth));
        });
    }

    /** The account and everything below it, read in one recursive query. */
    public List<TreeRow> tree(Principal caller, UUID id) {
        return database.read(c -> {
            visibleChain(c, caller, id);
            return accounts.subtree(c, id, true, MAX_DEPTH, 0, -1);
        });
    }

    // --- authorizations ---------------------------------------------------------------------

    public Set<Authorization> authorizations(Principal caller, UUID id) {
        return database.read(c -> {
            visibleChain(c, caller, id);
            return accounts.authorizations(c, id);
        });
    }

    /**
     * Replaces an account's authorizations: never more than its parent holds; whatever it loses,
     * its whole subtree loses too, in the same transaction.
     */
    public Set<Authorization> grant(Principal caller, UUID id, Set<Authorization> requested) {
        return database.transaction(c -> {
            // The tree lock keeps a concurrent grant on the parent from slipping between check and write.
            accounts.lockTreeShape(c);
            Account account = changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS).get(0);
            Set<Authorization> parentSet = account.parentId() == null ? null
                    : accounts.authorizations(c, account.parentId());
            Authorizations.requireSubset(requested, parentSet);
            if (!caller.admin() && requested.contains(Authorization.PAYMENT_FOR_THIS_ACCOUNT)) {
                // Otherwise an agent could let a sub-account credit itself: payments below the agent need this.
                caller.require(Authorization.PAYMENT_FOR_SUB_ACCOUNTS);
            }
            accounts.replaceAuthorizations(c, id, requested);
            accounts.restrictSubtree(c, id, requested);
            return accounts.authorizations(c, id);
        });
    }

    // --- number limits ----------------------------------------------------------------------

    public NumberLimits limits(Principal caller, UUID id) {
        return database.read(c -> {
            visibleChain(c, caller, id);
            return accounts.limits(c, List.of(id)).get(id);
        });
    }

    public NumberLimits replaceLimits(Principal caller, UUID id, List<String> allow, List<String> deny) {
        NumberLimits limits = new NumberLimits(id, prefixes(allow), prefixes(deny));
        return database.transaction(c -> {
            changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS);
            accounts.replaceLimits(c, limits);
            return limits;
        });
    }

    /** The account's low-balance threshold; empty when it has none. */
    public Optional<BigDecimal> lowBalanceThreshold(Principal caller, UUID id) {
        return database.read(c -> {
            visibleChain(c, caller, id);
            return accounts.lowBalanceThreshold(c, id);
        });
    }

    /**
     * Sets the account's low-balance threshold (a decimal string in its currency, any sign: a
     * postpaid balance may go below zero), or removes it (null or empty). Changed like the account.
     */
    public Optional<BigDecimal> setLowBalanceThreshold(Principal caller, UUID id, String threshold) {
        BigDecimal value = threshold(threshold);
        return database.transaction(c -> {
            changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS);
            accounts.setLowBalanceThreshold(c, List.of(id), value);
            return Optional.ofNullable(value);
        });
    }

    /** A threshold as received: null or empty = none, else a decimal string (400 naming {@code threshold}). */
    static BigDecimal threshold(String text) {
        return text == null || text.isBlank() ? null : Money.parse("threshold", text);
    }

    /** Checks a number against the limits of the account and every ancestor. */
    public NumberLimits.Decision check(Principal caller, UUID id, String number) {
        String normalized = PhoneNumber.normalize(number);
        return database.read(c -> decide(c, visibleChain(c, caller, id), normalized));
    }

    /** The same check for another service, which may ask about any account. */
    public NumberLimits.Decision checkDestination(UUID id, String number) {
        String normalized = PhoneNumber.normalize(number);
        return database.read(c -> {
            List<Account> chain = accounts.chain(c, id);
            if (chain.isEmpty()) {
                throw Account.notFound(id);
            }
            return decide(c, chain, normalized);
        });
    }

    public List<Account> chain(UUID id) {
        return database.read(c -> accounts.chain(c, id));
    }

    /** How many accounts buy on a rate table, for rating before it deletes one. */
    public long buyingOn(String rateTableId) {
        return database.read(c -> accounts.countBuyingOn(c, rateTableId));
    }

    private NumberLimits.Decision decide(Connection c, List<Account> chain, String number) throws SQLException {
        List<UUID> ids = ids(chain);
        Map<UUID, NumberLimits> limits = accounts.limits(c, ids);
        return NumberLimits.check(ids.stream().map(limits::get).toList(), number);
    }

    // --- API keys ---------------------------------------------------------------------------

    public IssuedKey issueKey(Principal caller, UUID id) {
        String key = ApiKeys.generate();
        return database.transaction(c -> {
            changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS);
            if (!caller.admin() && accounts.authorizations(c, id).contains(Authorization.PAYMENT_FOR_THIS_ACCOUNT)) {
                // A key of an account that may credit itself is a payment for a sub-account.
                caller.require(Authorization.PAYMENT_FOR_SUB_ACCOUNTS);
            }
            ApiKeyRow row = new ApiKeyRow(UUID.randomUUID(), id, ApiKeys.displayPrefix(key), clock.instant(), null);
            apiKeys.insert(c, row, ApiKeys.hash(key));
            return new IssuedKey(row, key);
        });
    }

    public Page<ApiKeyRow> keys(Principal caller, UUID id, int page, int size) {
        long offset = Page.offset(page, size);
        return database.read(c -> {
            changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS);
            return new Page<>(apiKeys.ofAccount(c, id, offset, size), page, size, apiKeys.countOfAccount(c, id));
        });
    }

    /** Revokes one key, or every key of the account when {@code keyId} is null. */
    public int revokeKeys(Principal caller, UUID id, UUID keyId) {
        return database.transaction(c -> {
            changeableChain(c, caller, id, Authorization.MANAGE_ACCOUNTS);
            int revoked = apiKeys.revoke(c, id, keyId, clock.instant());
            if (keyId != null && revoked == 0) {
                throw new Failure(Failure.Kind.NOT_FOUND, "not-found", "API key not found",
                        "no active API key " + keyId + " on account " + id);
            }
            return revoked;
        });
    }

    // --- scope ------------------------------------------------------------------------------

    /** The account's chain if the caller may see it; otherwise, as if it did not exist, 404. */
    List<Account> visibleChain(Connection c, Principal caller, UUID id) throws SQLException {
        List<Account> chain = accounts.chain(c, id);
        // A phone card's account is reached through its card, never as an account.
        if (chain.isEmpty() || chain.get(0).card() || !caller.sees(ids(chain))) {
            throw Account.notFound(id);
        }
        return chain;
    }

    /**
     * The account's chain if the caller may change it: strictly inside an agent's subtree (an
     * agent does not change its own account) and with the authorization the operation needs.
     */
    List<Account> changeableChain(Connection c, Principal caller, UUID id, Authorization needed) throws SQLException {
        List<Account> chain = visibleChain(c, caller, id);
        if (!caller.admin()) {
            if (!caller.isBelow(ids(chain))) {
                throw Failure.forbidden("own-account", "Own account is read-only",
                        "an agent cannot change its own account; its parent agent or the admin can");
            }
            caller.require(needed);
        }
        return chain;
    }

    static List<UUID> ids(List<Account> chain) {
        return chain.stream().map(Account::id).toList();
    }

    private static Failure unknownParent(UUID parentId) {
        return Failure.unprocessable("unknown-parent", "Unknown parent",
                "parent account " + parentId + " does not exist");
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw Failure.invalid("invalid-name", "Invalid name", "name must be 1 to 200 characters");
        }
        return name.trim();
    }

    /** The spend caps after a draft: a cap not given stays as it was, an empty one is removed. */
    private static SpendCaps caps(AccountDraft draft, SpendCaps current) {
        return new SpendCaps(cap("perCallLimit", draft.perCallLimit(), current.perCall()),
                cap("dailyLimit", draft.dailyLimit(), current.daily()));
    }

    private static BigDecimal cap(String field, String given, BigDecimal current) {
        if (given == null) {
            return current;
        }
        return given.isEmpty() ? null : Money.parsePositive(field, given);
    }

    private static String rateTable(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        if (id.length() > 100) {
            throw Failure.invalid("invalid-rate-table", "Invalid rate table id",
                    "rateTableId must be at most 100 characters");
        }
        return id.trim();
    }

    /** The ISO 4217 code, or 400 {@code invalid-currency}. */
    static String currency(String code) {
        try {
            if (code.length() == 3 && code.equals(code.toUpperCase())) {
                return Currency.getInstance(code).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw Failure.invalid("invalid-currency", "Invalid currency",
                "'" + code + "' is not an ISO 4217 currency code");
    }

    private static Set<String> prefixes(List<String> input) {
        Set<String> prefixes = new TreeSet<>();
        if (input != null) {
            for (String prefix : input) {
                prefixes.add(PhoneNumber.prefix(prefix));
            }
        }
        return prefixes;
    }
}
