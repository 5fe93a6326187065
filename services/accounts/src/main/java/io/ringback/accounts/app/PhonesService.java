package io.ringback.accounts.app;

import io.ringback.accounts.adapter.persistence.AccountRepository;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.adapter.persistence.LedgerRepository;
import io.ringback.accounts.adapter.persistence.PhoneRepository;
import io.ringback.accounts.adapter.persistence.PhoneRepository.PhoneRow;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.accounts.domain.Account;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Authorization;
import io.ringback.accounts.domain.Balance;
import io.ringback.accounts.domain.PhoneNumber;
import io.ringback.accounts.domain.PinAttempts;
import io.ringback.accounts.domain.CardNumbers;
import io.ringback.accounts.domain.PhoneCard;
import io.ringback.accounts.domain.Balance;
import io.ringback.accounts.adapter.persistence.PhoneCardRepository;
import io.ringback.accounts.domain.PinHasher;
import io.ringback.common.Principal;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Phones (caller IDs) of accounts, the caller authorization of trigger calls, and PIN checks. */
@ApplicationScoped
public class PhonesService {

    /** Outcome of a caller authorization, protocol-neutral. */
    public enum CallerVerdict { OK, PIN_LOGIN, CALLER_NOT_REGISTERED, ACCOUNT_INACTIVE, ANCESTOR_INACTIVE,
        INSUFFICIENT_BALANCE }

    /**
     * The trigger a caller is authorized for: the access DID dialed (E.164 digits), the callback
     * service it triggers, that service's minimum balance (a figure every chain level compares in
     * its own currency) and whether the service lets unregistered callers log in with a PIN.
     */
    public record Trigger(String did, String callbackServiceId, BigDecimal minimumBalance,
                          boolean allowUnregisteredWithPin) {
        public Trigger {
            did = PhoneNumber.normalizeField("did", did);
            if (callbackServiceId == null || callbackServiceId.isBlank()) {
                throw Failure.invalidField("callback_service_id", "is required");
            }
        }
    }

    /**
     * What AuthorizeCaller answers; {@code phoneId}, {@code account} and {@code balance} are null
     * when no phone matched.
     */
    public record CallerAuthorization(CallerVerdict verdict, UUID phoneId, boolean pinSet, Account account,
                                      boolean active, boolean balanceSufficient, Balance balance) {
        public boolean authorized() {
            return verdict == CallerVerdict.OK || verdict == CallerVerdict.PIN_LOGIN;
        }
    }

    /** Outcome of a PIN check. */
    public enum PinVerdict { OK, WRONG_PIN, LOCKED, ACCOUNT_INACTIVE, INSUFFICIENT_BALANCE, CARD_USED_UP, CARD_EXPIRED,
        CARD_BLOCKED }

    public record PinCheck(PinVerdict verdict, UUID accountId, int attemptsLeft) {
    }

    private final Database database;
    private final HierarchyService accountsService;
    private final AccountRepository accounts;
    private final PhoneRepository phones;
    private final LedgerRepository ledger;
    private final PhoneCardRepository cards;
    private final AccountsConfig config;
    private final PinHasher pinHasher;
    private final Clock clock;

    public PhonesService(Database database, HierarchyService accountsService, AccountRepository accounts,
                         PhoneRepository phones, LedgerRepository ledger, PhoneCardRepository cards,
                         AccountsConfig config, Clock clock) {
        this.database = database;
        this.accountsService = accountsService;
        this.accounts = accounts;
        this.phones = phones;
        this.ledger = ledger;
        this.cards = cards;
        this.config = config;
        this.pinHasher = new PinHasher(config.pinHashIterations());
        this.clock = clock;
    }

    public PhoneRow register(Principal caller, UUID accountId, String number, String pin) {
        String normalized = PhoneNumber.normalize(number);
        String pinHash = pin == null ? null : pinHasher.hash(PinHasher.validate(pin));
        return database.transaction(c -> {
            phoneScope(c, caller, accountId);
            PhoneRow phone = new PhoneRow(UUID.randomUUID(), accountId, normalized, pinHash, 0, null, clock.instant());
            if (!phones.insert(c, phone)) {
                // The same answer whoever holds the number: it reveals no other account.
                throw Failure.conflict("phone-taken", "Phone number already registered",
                        "+" + normalized + " is already registered to an account");
            }
            return phone;
        });
    }

    public Page<PhoneRow> list(Principal caller, UUID accountId, int page, int size) {
        long offset = Page.offset(page, size);
        return database.read(c -> {
            accountsService.visibleChain(c, caller, accountId);
            return new Page<>(phones.ofAccount(c, accountId, offset, size), page, size,
                    phones.countOfAccount(c, accountId));
        });
    }

    public PhoneRow get(Principal caller, UUID accountId, String number) {
        String normalized = PhoneNumber.normalize(number);
        return database.read(c -> {
            accountsService.visibleChain(c, caller, accountId);
            return phones.byNumber(c, normalized).filter(p -> p.accountId().equals(accountId))
                    .orElseThrow(() -> phoneNotFound(normalized));
        });
    }

    public void delete(Principal caller, UUID accountId, String number) {
        String normalized = PhoneNumber.normalize(number);
        database.transaction(c -> {
            phoneScope(c, caller, accountId);
            if (!phones.delete(c, accountId, normalized)) {
                throw phoneNotFound(normalized);
            }
            return null;
        });
    }

    /**
     * Resolves the caller of a trigger call: a registered phone of an active account (with active
     * ancestors) whose every chain level has available funds above the service's minimum, each
     * level in its own currency (the minimum is one figure; a BDT customer under a USD agent needs
     * more than 1 BDT and the agent more than 1 USD). A caller that is not a registered phone is
     * PIN_LOGIN when the service lets unregistered callers log in with a PIN (the IVR asks for it
     * and VerifyPin resolves the account), else CALLER_NOT_REGISTERED. A withheld or short caller
     * ID cannot be called back, so it is CALLER_NOT_REGISTERED whatever the policy. A registered
     * phone is judged on its own account even when PIN login is allowed: the operator registered
     * it to that account.
     */
    public CallerAuthorization authorizeCaller(String number, Trigger trigger) {
        String normalized;
        try {
            normalized = PhoneNumber.normalize(number);
        } catch (Failure e) {
            return unregistered(CallerVerdict.CALLER_NOT_REGISTERED);
        }
        return database.read(c -> {
            Optional<PhoneRepository.Caller> found = phones.caller(c, normalized, clock.instant());
            if (found.isEmpty()) {
                if (!trigger.allowUnregisteredWithPin()) {
                    return unregistered(CallerVerdict.CALLER_NOT_REGISTERED);
                }
                return pinless(c, normalized, trigger).orElseGet(() -> unregistered(CallerVerdict.PIN_LOGIN));
            }
            PhoneRepository.Caller caller = found.get();
            Account account = caller.chain().get(0);
            boolean sufficient = caller.balances().stream()
                    .allMatch(balance -> balance.above(trigger.minimumBalance()));
            boolean ancestorsActive = caller.chain().stream().skip(1).allMatch(Account::active);
            CallerVerdict verdict = !account.active() ? CallerVerdict.ACCOUNT_INACTIVE
                    : !ancestorsActive ? CallerVerdict.ANCESTOR_INACTIVE
                    : !sufficient ? CallerVerdict.INSUFFICIENT_BALANCE : CallerVerdict.OK;
            return new CallerAuthorization(verdict, caller.phoneId(), caller.pinSet(), account,
                    account.active() && ancestorsActive, sufficient, caller.balances().get(0));
        });
    }

    /**
     * Checks the PIN of the caller's phone. Wrong PINs count per phone; after
     * {@code pin-max-attempts} in a row the PIN is locked for {@code pin-lock-duration}.
     */
    public PinCheck verifyPin(String number, UUID accountId, String pin, BigDecimal minimum) {
        String normalized = PhoneNumber.normalize(number);
        return database.transaction(c -> {
            Optional<PhoneRow> found = phones.byNumberForUpdate(c, normalized);
            int max = config.pinMaxAttempts();
            if (found.isEmpty() || found.get().pinHash() == null
                    || accountId != null && !accountId.equals(found.get().accountId())) {
                return new PinCheck(PinVerdict.WRONG_PIN, null, max);
            }
            PhoneRow phone = found.get();
            Instant now = clock.instant();
            PinAttempts.Outcome outcome = pinAttempts().attempt(pin, phone.pinHash(), phone.pinFailures(),
                    phone.pinLockedUntil(), now);
            if (outcome.write()) {
                phones.recordPinAttempt(c, phone.id(), outcome.failures(), outcome.lockedUntil());
            }
            if (outcome.result() != PinAttempts.Result.RIGHT) {
                return new PinCheck(outcome.result() == PinAttempts.Result.LOCKED ? PinVerdict.LOCKED
                        : PinVerdict.WRONG_PIN, null, outcome.attemptsLeft());
            }
            return new PinCheck(fundsVerdict(c, phone.accountId(), minimum, now), phone.accountId(), max);
        });
    }

    private PinAttempts pinAttempts() {
        return new PinAttempts(config.pinMaxAttempts(), config.pinLockDuration());
    }

    /** Whether every level of the chain is active and has available funds above the minimum. */
    PinVerdict fundsVerdict(Connection c, UUID accountId, BigDecimal minimum, Instant now)
            throws SQLException {
        List<Account> chain = accounts.chain(c, accountId);
        if (!chain.stream().allMatch(Account::active)) {
            return PinVerdict.ACCOUNT_INACTIVE;
        }
        boolean sufficient = ledger.balances(c, chain, now).stream().allMatch(balance -> balance.above(minimum));
        return sufficient ? PinVerdict.OK : PinVerdict.INSUFFICIENT_BALANCE;
    }

    /**
     * A phone card login: the card number and PIN an unregistered caller entered. Wrong PINs count
     * per card and lock it like a phone's PIN; with the right PIN a blocked, expired or used-up
     * card is refused with its own reason, then the card's chain (the card, its owner and the
     * owner's agents) must be active with funds above the minimum on every level. A successful
     * login records the card's first use and the caller's number (remembered for PIN-less logins
     * when {@code rememberCaller}) and answers the card's account.
     */
    public PinCheck verifyCard(String callerNumber, String cardNumber, String pin, BigDecimal minimum,
                               boolean rememberCaller) {
        int max = config.pinMaxAttempts();
        if (!CardNumbers.valid(cardNumber)) {
            return new PinCheck(PinVerdict.WRONG_PIN, null, max);
        }
        String caller = callable(callerNumber);
        return database.transaction(c -> {
            Optional<PhoneCard> found = cards.findByNumberForUpdate(c, cardNumber);
            if (found.isEmpty()) {
                return new PinCheck(PinVerdict.WRONG_PIN, null, max);
            }
            PhoneCard card = found.get();
            Instant now = clock.instant();
            PinAttempts.Outcome outcome = pinAttempts().attempt(pin, card.pinHash(), card.pinFailures(),
                    card.pinLockedUntil(), now);
            if (outcome.write()) {
                cards.recordPinAttempt(c, card.id(), outcome.failures(), outcome.lockedUntil());
            }
            if (outcome.result() != PinAttempts.Result.RIGHT) {
                return new PinCheck(outcome.result() == PinAttempts.Result.LOCKED ? PinVerdict.LOCKED
                        : PinVerdict.WRONG_PIN, null, outcome.attemptsLeft());
            }
            PinVerdict verdict = cardVerdict(c, card, minimum, now);
            if (verdict == PinVerdict.OK) {
                cards.recordUse(c, card.id(), caller, rememberCaller && caller != null, now);
            }
            return new PinCheck(verdict, card.id(), max);
        });
    }

    private PinVerdict cardVerdict(Connection c, PhoneCard card, BigDecimal minimum, Instant now)
            throws SQLException {
        Balance balance = ledger.balance(c, accounts.find(c, card.id()).orElseThrow(), now);
        return switch (card.status(now, balance.available())) {
            case BLOCKED -> PinVerdict.CARD_BLOCKED;
            case EXPIRED -> PinVerdict.CARD_EXPIRED;
            case USED_UP -> PinVerdict.CARD_USED_UP;
            case NEW, ACTIVE -> fundsVerdict(c, card.id(), minimum, now);
        };
    }

    /**
     * The card that remembers an unregistered caller's number and may call now (pinless), judged
     * like a phone's account; empty when none (the caller logs in with a PIN as before).
     */
    private Optional<CallerAuthorization> pinless(Connection c, String number, Trigger trigger) throws SQLException {
        Instant now = clock.instant();
        for (PhoneCard card : cards.pinlessCards(c, number)) {
            if (cardVerdict(c, card, trigger.minimumBalance(), now) == PinVerdict.OK) {
                List<Account> chain = accounts.chain(c, card.id());
                List<Balance> balances = ledger.balances(c, chain, now);
                return Optional.of(new CallerAuthorization(CallerVerdict.OK, null, false, chain.get(0), true, true,
                        balances.get(0)));
            }
        }
        return Optional.empty();
    }

    /** The caller ID as E.164 digits, or null when it cannot be called back (withheld, malformed). */
    private static String callable(String number) {
        try {
            return PhoneNumber.normalize(number);
        } catch (Failure e) {
            return null;
        }
    }

    /** No phone matched: the IVR asks for a PIN on a PIN_LOGIN, nothing else is known. */
    private static CallerAuthorization unregistered(CallerVerdict verdict) {
        return new CallerAuthorization(verdict, null, verdict == CallerVerdict.PIN_LOGIN, null, false, false, null);
    }

    private void phoneScope(Connection c, Principal caller, UUID accountId) throws SQLException {
        accountsService.visibleChain(c, caller, accountId);
        if (!caller.admin()) {
            caller.require(Authorization.MANAGE_PHONES);
        }
    }

    private static Failure phoneNotFound(String number) {
        return new Failure(Failure.Kind.NOT_FOUND, "not-found", "Phone not found",
                "+" + number + " is not a phone of this account");
    }
}
