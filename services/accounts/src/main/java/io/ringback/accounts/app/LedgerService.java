package io.ringback.accounts.app;

import io.ringback.accounts.adapter.persistence.AccountRepository;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.adapter.persistence.LedgerRepository;
import io.ringback.accounts.adapter.persistence.LedgerRepository.ReservationLevel;
import io.ringback.accounts.adapter.persistence.LedgerRepository.ReservationRow;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.accounts.domain.Account;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Authorization;
import io.ringback.accounts.domain.Balance;
import io.ringback.accounts.domain.EntryKind;
import io.ringback.accounts.domain.LedgerEntry;
import io.ringback.accounts.domain.PhoneCard;
import io.ringback.common.Money;
import io.ringback.common.Principal;
import io.ringback.accounts.domain.Sha256;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Money: payments, balances, the ledger, and the reservations and settlements of calls. Every
 * change is a ledger entry written under the row locks of the accounts it touches, so concurrent
 * changes of one account happen one after the other and none is lost or overspent.
 */
@ApplicationScoped
public class LedgerService {

    /** The answer to a payment, and whether it is the replay of an earlier one with the same key. */
    public record Payment(LedgerEntry entry, Balance balance, boolean replayed) {
    }

    public enum ReserveVerdict { RESERVED, INSUFFICIENT_FUNDS, ACCOUNT_INACTIVE }

    public record Reservation(ReserveVerdict verdict, UUID reservationId, UUID refusedAccountId, Instant expiresAt,
                              boolean replayed) {
    }

    public record Settlement(List<LedgerEntry> entries, List<LevelAmount> balancesAfter, boolean replayed) {
    }

    public record Release(boolean released, List<LevelAmount> amounts) {
    }

    /** The longest a reservation may be held: a call longer than a day is not a call. */
    static final Duration MAX_RESERVATION_TTL = Duration.ofHours(24);

    private final Database database;
    private final HierarchyService accountsService;
    private final AccountRepository accounts;
    private final LedgerRepository ledger;
    private final PhoneCardsService cards;
    private final AccountsConfig config;
    private final Clock clock;

    public LedgerService(Database database, HierarchyService accountsService, AccountRepository accounts,
                         LedgerRepository ledger, PhoneCardsService cards, AccountsConfig config, Clock clock) {
        this.database = database;
        this.accountsService = accountsService;
        this.accounts = accounts;
        this.ledger = ledger;
        this.cards = cards;
        this.config = config;
        this.clock = clock;
    }

    // --- REST: payments, balance, ledger -----------------------------------------------------

    /**
     * Records a payment (credit), a refund (debit) or an adjustment (either sign) under the
     * caller's Idempotency-Key: the same key and body answer the first result again; the same key
     * with another body is refused.
     */
    public Payment pay(Principal caller, UUID accountId, EntryKind kind, String amountText, String description,
                       String idempotencyKey) {
        requirePaymentKey(idempotencyKey);
        if (kind == null || !EntryKind.PAYMENT_KINDS.contains(kind)) {
            throw Failure.invalid("invalid-payment-kind", "Invalid payment kind",
                    "kind must be one of PAYMENT, REFUND, ADJUSTMENT");
        }
        if (kind == EntryKind.ADJUSTMENT && !caller.admin()) {
            // A correction of either sign is not a payment: no agent authorization covers it.
            throw Failure.forbidden("adjustment-admin-only", "Adjustments are admin-only",
                    "only the platform admin records ADJUSTMENT entries; agents record PAYMENT or REFUND");
        }
        BigDecimal amount = kind == EntryKind.ADJUSTMENT ? Money.parse("amount", amountText)
                : Money.parsePositive("amount", amountText);
        if (amount.signum() == 0) {
            throw Failure.invalid("invalid-amount", "Invalid amount", "an adjustment of zero changes nothing");
        }
        BigDecimal signed = kind == EntryKind.REFUND ? amount.negate() : amount;
        return record(caller, accountId, kind, signed, description, idempotencyKey, c -> {
            List<Account> chain = accountsService.visibleChain(c, caller, accountId);
            if (!caller.admin()) {
                caller.require(chain.get(0).id().equals(caller.accountId()) ? Authorization.PAYMENT_FOR_THIS_ACCOUNT
                        : Authorization.PAYMENT_FOR_SUB_ACCOUNTS);
            }
            return chain.get(0);
        });
    }

    /**
     * Recharges a phone card: a PAYMENT entry on the card's own account, idempotent by the
     * caller's Idempotency-Key exactly like a payment. Needs MANAGE_PHONE_CARDS; an expired card
     * is not recharged (its funds could never be spent).
     */
    public Payment recharge(Principal caller, UUID cardId, String amountText, String description,
                            String idempotencyKey) {
        requirePaymentKey(idempotencyKey);
        BigDecimal amount = Money.parsePositive("amount", amountText);
        return record(caller, cardId, EntryKind.PAYMENT, amount, description, idempotencyKey, c -> {
            PhoneCard card = cards.visibleCard(c, caller, cardId);
            Instant expiry = card.expiry();
            if (expiry != null && !clock.instant().isBefore(expiry)) {
                throw Failure.unprocessable("card-expired", "Card expired",
                        "phone card " + cardId + " expired at " + expiry + "; it cannot be recharged");
            }
            return accounts.find(c, cardId).orElseThrow();
        });
    }

    /** Resolves the account a money request writes to, with the caller's right to do it checked. */
    @FunctionalInterface
    private interface Target {
        Account resolve(Connection c) throws SQLException;
    }

    private Payment record(Principal caller, UUID accountId, EntryKind kind, BigDecimal signed, String description,
                           String idempotencyKey, Target target) {
        String requestHash = Sha256.hex(accountId + "|" + kind + "|" + Money.format(signed.abs()) + "|"
                + (description == null ? "" : description));
        try {
            return payOnce(caller, accountId, kind, signed, description, idempotencyKey, requestHash, target);
        } catch (Database.PersistenceException e) {
            if (e.uniqueViolation()) {
                // Only a request with the same key, still running on another account, gets here.
                throw Failure.conflict("idempotency-key-in-flight", "Idempotency-Key in use",
                        "a request with Idempotency-Key '" + idempotencyKey + "' is being processed; retry it");
            }
            throw e;
        }
    }

    private Payment payOnce(Principal caller, UUID accountId, EntryKind kind, BigDecimal signed, String description,
                            String idempotencyKey, String requestHash, Target target) {
        return database.transaction(c -> {
            Account account = target.resolve(c);
            ledger.lock(c, List.of(accountId));
            var earlier = ledger.idempotentRequest(c, caller.name(), idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(requestHash)) {
                    throw Failure.unprocessable("idempotency-key-reused", "Idempotency-Key reused",
                            "Idempotency-Key '" + idempotencyKey + "' was used for a different request");
                }
                LedgerEntry entry = ledger.entry(c, earlier.get().ledgerEntryId()).orElseThrow();
                return new Payment(entry, ledger.balance(c, accounts.find(c, entry.accountId()).orElseThrow(),
                        clock.instant()), true);
            }
            Instant now = clock.instant();
            if (kind == EntryKind.REFUND) {
                // Prepaid or postpaid, the credit limit is as far below zero as the balance may go.
                Balance before = ledger.balance(c, account, now);
                if (before.balance().add(before.creditLimit()).add(signed).signum() < 0) {
                    throw Failure.unprocessable("refund-exceeds-funds", "Refund exceeds the funds",
                            "a refund of " + Money.format(signed.negate()) + " would take "
                                    + account.billingType().name().toLowerCase() + " account " + accountId
                                    + " below its credit limit: balance " + Money.format(before.balance())
                                    + ", credit limit " + Money.format(before.creditLimit()));
                }
            }
            LedgerEntry entry = new LedgerEntry(UUID.randomUUID(), accountId, kind, signed,
                    caller.name() + ":" + idempotencyKey, null, description, now);
            ledger.insert(c, entry);
            ledger.insertIdempotentRequest(c, caller.name(), idempotencyKey, requestHash, entry.id(), now);
            return new Payment(entry, ledger.balance(c, account, now), false);
        });
    }

    public Balance balance(Principal caller, UUID accountId) {
        return database.read(c -> ledger.balance(c, accountsService.visibleChain(c, caller, accountId).get(0),
                clock.instant()));
    }

    public Page<LedgerEntry> entries(Principal caller, UUID accountId, int page, int size) {
        long offset = Page.offset(page, size);
        return database.read(c -> {
            accountsService.visibleChain(c, caller, accountId);
            return new Page<>(ledger.entries(c, accountId, offset, size), page, size,
                    ledger.countEntries(c, accountId));
        });
    }

    // --- gRPC / Kafka: balances, reservations, settlements ----------------------------------

    /** The balance of any account (for other services); NOT_FOUND when it does not exist. */
    public Balance balance(UUID accountId) {
        return database.read(c -> ledger.balance(c, accounts.find(c, accountId)
                .orElseThrow(() -> Account.notFound(accountId)), clock.instant()));
    }

    /** The balance of every level of a chain, in chain order. */
    public List<Balance> balances(List<Account> chain) {
        return database.read(c -> ledger.balances(c, chain, clock.instant()));
    }

    /**
     * Holds funds on every level of the chain for a call, all or none: every level's account row
     * is locked, its available funds checked against its amount, and the holds written, in one
     * transaction. A retry with the same key answers the first reservation.
     */
    public Reservation reserve(String key, String sessionId, UUID accountId, List<LevelAmount> amounts, Duration ttl) {
        requireKey(key);
        if (ttl != null && ttl.compareTo(MAX_RESERVATION_TTL) > 0) {
            throw Failure.invalid("invalid-ttl", "Reservation TTL too long",
                    "a reservation may be held for at most " + MAX_RESERVATION_TTL + "; asked " + ttl);
        }
        String requestHash = reservationHash(sessionId, accountId, amounts, ttl);
        return database.transaction(c -> {
            var earlier = ledger.reservationByKey(c, key);
            if (earlier.isPresent()) {
                return replay(earlier.get(), key, requestHash);
            }
            List<Account> chain = lockedChain(c, accountId);
            // Another request with this key may have reserved while this one waited for the locks.
            earlier = ledger.reservationByKey(c, key);
            if (earlier.isPresent()) {
                return replay(earlier.get(), key, requestHash);
            }
            List<BigDecimal> perLevel = perLevel(chain, amounts);
            // PostgreSQL keeps microseconds: a replay must answer the very same expiry.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<Balance> balances = ledger.balances(c, chain, now);
            for (int level = 0; level < chain.size(); level++) {
                Account account = chain.get(level);
                if (!account.active()) {
                    return new Reservation(ReserveVerdict.ACCOUNT_INACTIVE, null, account.id(), null, false);
                }
                if (balances.get(level).available().compareTo(perLevel.get(level)) < 0) {
                    return new Reservation(ReserveVerdict.INSUFFICIENT_FUNDS, null, account.id(), null, false);
                }
            }
            Duration lifetime = ttl == null || ttl.isZero() || ttl.isNegative() ? config.reservationTtl() : ttl;
            ReservationRow reservation = new ReservationRow(UUID.randomUUID(), key, sessionId, accountId, true,
                    now.plus(lifetime), now, requestHash);
            List<ReservationLevel> levels = new ArrayList<>();
            for (int level = 0; level < chain.size(); level++) {
                BigDecimal amount = perLevel.get(level);
                levels.add(new ReservationLevel(level, chain.get(level).id(), amount, amount));
            }
            ledger.insertReservation(c, reservation, levels);
            List<LedgerEntry> holds = new ArrayList<>();
            for (ReservationLevel level : levels) {
                if (level.amount().signum() > 0) {
                    holds.add(new LedgerEntry(UUID.randomUUID(), level.accountId(), EntryKind.RESERVATION,
                            level.amount(), key, reservation.id(), "session " + sessionId, now));
                }
            }
            ledger.insertAll(c, holds);
            return new Reservation(ReserveVerdict.RESERVED, reservation.id(), null, reservation.expiresAt(), false);
        });
    }

    /**
     * Debits a rated CDR's charges, exactly once per key (the CDR id): one CALL_CHARGE entry per
     * level with a charge, on the account each charge names (the chain as it was rated, even if
     * an account moved since), consuming the reservation of those accounts, whose remainder is
     * released too when {@code releaseRemainder}. The key is checked first, so a redelivery
     * answers the first settlement whatever changed in the tree since.
     *
     * <p>A settlement for a leg ({@code legId} not null: a rated CDR) claims the leg in the same
     * transaction, so the claim and the debits commit or roll back together: a crash between them
     * can neither leave a leg claimed and unsettled nor settle a leg twice. A leg already claimed
     * by another key is refused ({@code leg-already-settled}; a second CDR for a leg can only be a
     * correction) and nothing is written.
     */
    public Settlement settle(String key, String legId, UUID reservationId, String sessionId, UUID accountId,
                             List<LevelAmount> charges, boolean releaseRemainder) {
        requireKey(key);
        validateCharges(accountId, charges);
        return database.transaction(c -> {
            if (ledger.settlementExists(c, key)) {
                return replayedSettlement(c, key, charges);
            }
            if (legId != null) {
                String claimedBy = ledger.claimLeg(c, legId, key, sessionId, clock.instant());
                if (!key.equals(claimedBy)) {
                    throw Failure.invalid("leg-already-settled", "Leg already settled", "leg " + legId
                            + " of session " + sessionId + " was settled by CDR " + claimedBy + "; CDR " + key
                            + " for it is refused (a second CDR for a leg can only be a correction)");
                }
            }
            Set<UUID> touched = new TreeSet<>();
            touched.add(accountId);
            charges.forEach(charge -> touched.add(charge.accountId()));
            if (reservationId != null) {
                ledger.levels(c, reservationId).forEach(level -> touched.add(level.accountId()));
            }
            // Every account this settlement writes to, locked in one global (id) order.
            if (ledger.lock(c, touched) != touched.size()) {
                throw Account.notFound(accountId + " (or an account its charges name)");
            }
            ReservationRow reservation = null;
            if (reservationId != null) {
                reservation = ledger.reservationForUpdate(c, reservationId)
                        .filter(r -> r.accountId().equals(accountId))
                        .orElseThrow(() -> Failure.invalid("unknown-reservation", "Unknown reservation",
                                "reservation " + reservationId + " is not a reservation of account " + accountId));
            }
            Instant now = clock.instant();
            if (!ledger.insertSettlement(c, key, accountId, reservationId, now)) {
                return replayedSettlement(c, key, charges);
            }
            Map<UUID, BigDecimal> perAccount = new LinkedHashMap<>();
            for (LevelAmount charge : charges) {
                perAccount.merge(charge.accountId(), charge.amount(), BigDecimal::add);
            }
            List<LedgerEntry> entries = new ArrayList<>();
            perAccount.forEach((account, charge) -> {
                if (charge.signum() > 0) {
                    entries.add(new LedgerEntry(UUID.randomUUID(), account, EntryKind.CALL_CHARGE, charge.negate(),
                            key, reservationId, "session " + sessionId, now));
                }
            });
            ledger.insertAll(c, entries);
            if (reservation != null && reservation.open()) {
                ledger.consume(c, reservation.id(), perAccount);
                if (releaseRemainder) {
                    releaseOpen(c, reservation, "settled", now);
                }
            }
            return new Settlement(entries, balancesOf(c, perAccount.keySet(), charges, now), false);
        });
    }

    /**
     * Adjusts balances by a re-rated CDR's differences, exactly once per key (the correction's
     * CDR id): one CALL_CHARGE entry per account whose charge changed, the difference negated (a
     * higher new charge debits, a lower one gives back). The record it corrects must have been
     * settled here (the original CDR, or an earlier correction); otherwise it is refused
     * ({@code unknown-original}) and nothing is written. It claims no leg and no reservation.
     */
    public Settlement correct(String key, String correctsKey, String sessionId, UUID accountId,
                              List<LevelAmount> differences) {
        requireKey(key);
        requireKey(correctsKey);
        return database.transaction(c -> {
            if (ledger.settlementExists(c, key)) {
                return replayedSettlement(c, key, differences);
            }
            if (!ledger.settlementExists(c, correctsKey)) {
                throw Failure.invalid("unknown-original", "Correction of an unsettled CDR", "CDR " + key
                        + " corrects CDR " + correctsKey + ", which was never settled here");
            }
            Set<UUID> touched = new TreeSet<>();
            touched.add(accountId);
            differences.forEach(difference -> touched.add(difference.accountId()));
            if (ledger.lock(c, touched) != touched.size()) {
                throw Account.notFound(accountId + " (or an account its differences name)");
            }
            Instant now = clock.instant();
            if (!ledger.insertSettlement(c, key, accountId, null, now)) {
                return replayedSettlement(c, key, differences);
            }
            Map<UUID, BigDecimal> perAccount = new LinkedHashMap<>();
            for (LevelAmount difference : differences) {
                perAccount.merge(difference.accountId(), difference.amount(), BigDecimal::add);
            }
            List<LedgerEntry> entries = new ArrayList<>();
            perAccount.forEach((account, difference) -> {
                if (difference.signum() != 0) {
                    entries.add(new LedgerEntry(UUID.randomUUID(), account, EntryKind.CALL_CHARGE, difference.negate(),
                            key, null, "session " + sessionId + ", correction of CDR " + correctsKey, now));
                }
            });
            ledger.insertAll(c, entries);
            return new Settlement(entries, balancesOf(c, perAccount.keySet(), differences, now), false);
        });
    }

    private Settlement replayedSettlement(Connection c, String key, List<LevelAmount> charges) throws SQLException {
        List<LedgerEntry> entries = ledger.entriesByKey(c, EntryKind.CALL_CHARGE, key);
        Set<UUID> accountIds = new LinkedHashSet<>();
        charges.forEach(charge -> accountIds.add(charge.accountId()));
        entries.forEach(entry -> accountIds.add(entry.accountId()));
        List<UUID> order = List.copyOf(accountIds);
        List<LedgerEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(entry -> order.indexOf(entry.accountId())));
        return new Settlement(sorted, balancesOf(c, accountIds, charges, clock.instant()), true);
    }

    /**
     * The shape of a settlement's charges: the account's own charge is level 0, every level
     * appears once and no amount is negative. Which accounts they name is the rating's record of
     * the chain at call time, not checked against the chain of today.
     */
    static void validateCharges(UUID accountId, List<LevelAmount> charges) {
        Set<Integer> levels = new TreeSet<>();
        for (LevelAmount charge : charges) {
            if (charge.level() < 0 || !levels.add(charge.level())
                    || (charge.level() == 0) != charge.accountId().equals(accountId)) {
                throw Failure.invalid("chain-mismatch", "Charge does not match the chain",
                        "level " + charge.level() + " cannot be account " + charge.accountId()
                                + ": level 0 is the account " + accountId + ", and each level appears once");
            }
            if (charge.amount().signum() < 0) {
                throw Failure.invalid("invalid-amount", "Invalid amount",
                        "the charge of level " + charge.level() + " is negative");
            }
        }
    }

    /** Gives back what remains of a reservation; nothing when it is already settled, released or expired. */
    public Release release(UUID reservationId, String reason) {
        return close(reservationId, reason, false);
    }

    /**
     * Closes up to {@code limit} reservations that expired unused, each with RELEASE entries for
     * what it still held (they stopped counting in "reserved" at their expiry already; this
     * records it in the ledger). Answers how many it closed.
     */
    public int releaseExpired(int limit) {
        List<UUID> expired = database.read(c -> ledger.expiredOpen(c, clock.instant(), limit));
        int closed = 0;
        for (UUID reservationId : expired) {
            if (close(reservationId, "expired", true).released()) {
                closed++;
            }
        }
        return closed;
    }

    /**
     * Closes an open reservation that is ({@code expired} true) or is not (false) past its expiry.
     * The account rows are locked before the reservation row, in the same order as a settlement
     * takes them, so a release and a settlement of one reservation never deadlock.
     */
    private Release close(UUID reservationId, String reason, boolean expired) {
        return database.transaction(c -> {
            List<ReservationLevel> levels = ledger.levels(c, reservationId);
            if (levels.isEmpty()) {
                throw new Failure(Failure.Kind.NOT_FOUND, "not-found", "Reservation not found",
                        "no reservation " + reservationId);
            }
            ledger.lock(c, levels.stream().map(ReservationLevel::accountId).toList());
            ReservationRow reservation = ledger.reservationForUpdate(c, reservationId).orElseThrow();
            Instant now = clock.instant();
            if (!reservation.open() || reservation.expiresAt().isAfter(now) == expired) {
                return new Release(false, List.of());
            }
            return new Release(true, releaseOpen(c, reservation, reason, now));
        });
    }

    private List<LevelAmount> releaseOpen(Connection c, ReservationRow reservation, String reason, Instant now)
            throws SQLException {
        List<LevelAmount> released = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        for (ReservationLevel level : ledger.levels(c, reservation.id())) {
            released.add(new LevelAmount(level.level(), level.accountId(), level.remaining()));
            if (level.remaining().signum() > 0) {
                entries.add(new LedgerEntry(UUID.randomUUID(), level.accountId(), EntryKind.RELEASE,
                        level.remaining(), reservation.id().toString(), reservation.id(), reason, now));
            }
        }
        ledger.insertAll(c, entries);
        ledger.close(c, reservation.id());
        return released;
    }

    /** The balance of each account, labelled with the level its charge names (0 for the account itself). */
    private List<LevelAmount> balancesOf(Connection c, Collection<UUID> accountIds, List<LevelAmount> charges,
                                         Instant now) throws SQLException {
        List<Account> rows = new ArrayList<>();
        for (UUID id : accountIds) {
            accounts.find(c, id).ifPresent(rows::add);
        }
        List<Balance> balances = ledger.balances(c, rows, now);
        List<LevelAmount> amounts = new ArrayList<>();
        for (Balance balance : balances) {
            int level = charges.stream().filter(charge -> charge.accountId().equals(balance.accountId()))
                    .mapToInt(LevelAmount::level).findFirst().orElse(0);
            amounts.add(new LevelAmount(level, balance.accountId(), balance.balance()));
        }
        return amounts;
    }

    /**
     * The account's chain with every account of it row-locked. The chain is read again under the
     * locks: a move between the first read and the locks is seen, its new ancestors locked too.
     * Once every level is locked no level's parent can change until the transaction ends.
     */
    private List<Account> lockedChain(Connection c, UUID accountId) throws SQLException {
        List<Account> chain = chainOf(c, accountId);
        Set<UUID> locked = new TreeSet<>();
        while (true) {
            List<UUID> ids = HierarchyService.ids(chain);
            if (locked.containsAll(ids)) {
                return chain;
            }
            ledger.lock(c, ids);
            locked.addAll(ids);
            chain = chainOf(c, accountId);
        }
    }

    private static Reservation replay(ReservationRow earlier, String key, String requestHash) {
        if (earlier.requestHash() != null && !earlier.requestHash().equals(requestHash)) {
            throw Failure.conflict("idempotency-key-reused", "Idempotency key reused",
                    "reservation key '" + key + "' was used for a different request (session, account, amounts"
                            + " or TTL differ)");
        }
        return new Reservation(ReserveVerdict.RESERVED, earlier.id(), null, earlier.expiresAt(), true);
    }

    /** What makes two reservation requests the same: session, account, each level's amount and the TTL. */
    static String reservationHash(String sessionId, UUID accountId, List<LevelAmount> amounts, Duration ttl) {
        StringBuilder text = new StringBuilder().append(sessionId).append('|').append(accountId).append('|')
                .append(ttl == null || ttl.isZero() || ttl.isNegative() ? "default" : ttl.toString());
        amounts.stream().sorted(Comparator.comparingInt(LevelAmount::level).thenComparing(LevelAmount::accountId))
                .forEach(a -> text.append('|').append(a.level()).append(':').append(a.accountId()).append(':')
                        .append(Money.format(a.amount())));
        return Sha256.hex(text.toString());
    }

    private List<Account> chainOf(Connection c, UUID accountId) throws SQLException {
        List<Account> chain = accounts.chain(c, accountId);
        if (chain.isEmpty()) {
            throw Account.notFound(accountId);
        }
        return chain;
    }

    /** The amount of each chain level (0 where none is given); each must name its level's account. */
    static List<BigDecimal> perLevel(List<Account> chain, List<LevelAmount> amounts) {
        List<BigDecimal> perLevel = new ArrayList<>(chain.stream().map(a -> Money.ZERO).toList());
        for (LevelAmount amount : amounts) {
            if (amount.level() < 0 || amount.level() >= chain.size()
                    || !chain.get(amount.level()).id().equals(amount.accountId())) {
                throw Failure.invalid("chain-mismatch", "Amount does not match the chain",
                        "level " + amount.level() + " of the chain is not account " + amount.accountId());
            }
            if (amount.amount().signum() < 0) {
                throw Failure.invalid("invalid-amount", "Invalid amount",
                        "the amount of level " + amount.level() + " is negative");
            }
            perLevel.set(amount.level(), perLevel.get(amount.level()).add(amount.amount()));
        }
        return perLevel;
    }

    private static void requirePaymentKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw Failure.invalid("idempotency-key-required", "Idempotency-Key required",
                    "money operations need an Idempotency-Key header of 1 to 200 characters");
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw Failure.invalid("invalid-idempotency-key", "Invalid idempotency key",
                    "an idempotency key of 1 to 200 characters is required");
        }
    }
}
