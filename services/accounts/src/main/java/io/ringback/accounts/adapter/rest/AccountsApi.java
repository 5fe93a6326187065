package io.ringback.accounts.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ringback.accounts.adapter.persistence.AccountRepository.TreeRow;
import io.ringback.accounts.adapter.persistence.ApiKeyRepository.ApiKeyRow;
import io.ringback.accounts.adapter.persistence.PhoneRepository.PhoneRow;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.AccountStatus;
import io.ringback.common.Authorization;
import io.ringback.accounts.domain.Balance;
import io.ringback.accounts.domain.BillingType;
import io.ringback.accounts.domain.Category;
import io.ringback.accounts.domain.CtdMode;
import io.ringback.accounts.domain.EntryKind;
import io.ringback.accounts.domain.LedgerEntry;
import io.ringback.common.Money;
import io.ringback.accounts.domain.NumberLimits;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The JSON shapes of the accounts REST API. Money is a decimal string, numbers are E.164 digits. */
final class AccountsApi {

    private AccountsApi() {
    }

    @Schema(description = "A new account, or the fields to change (PATCH: only those given). "
            + "Category is derived from having sub-accounts and cannot be set.")
    record AccountRequest(
            @Schema(description = "Parent agent; on PATCH, a new parent moves the account with its subtree")
            UUID parentId,
            String name,
            AccountStatus status,
            BillingType billingType,
            @Schema(description = "ISO 4217 code; default from ringback.accounts.default-currency") String currency,
            @Schema(description = "Decimal string, up to 6 decimals, not negative", example = "50.000000")
            String creditLimit,
            @Schema(description = "Rate table (of the rating service) this account buys on") String rateTableId,
            CtdMode defaultCtdMode,
            @Schema(description = "Read-only: sending it is refused", readOnly = true) String category,
            @Schema(description = "POSTPAID only: the most one call may be quoted and reserved; decimal string"
                    + " above zero, \"\" removes it", example = "5.000000") String perCallLimit,
            @Schema(description = "POSTPAID only: the most the account's calls may be charged in one day"
                    + " (ringback.accounts.spend-day-zone); decimal string above zero, \"\" removes it",
                    example = "100.000000") String dailyLimit) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountView(UUID id, UUID parentId, String name, Category category, AccountStatus status,
                       BillingType billingType, String currency, String creditLimit, String rateTableId,
                       CtdMode defaultCtdMode, Instant createdAt, Integer depth, String perCallLimit,
                       String dailyLimit) {
        static AccountView of(Account a) {
            return of(a, null);
        }

        static AccountView of(Account a, Integer depth) {
            return new AccountView(a.id(), a.parentId(), a.name(), a.category(), a.status(), a.billingType(),
                    a.currency(), Money.format(a.creditLimit()), a.rateTableId(), a.defaultCtdMode(), a.createdAt(),
                    depth, formatCap(a.spendCaps().perCall()), formatCap(a.spendCaps().daily()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TreeNode(UUID id, String name, Category category, AccountStatus status, List<TreeNode> children) {

        /** Nests the rows of one subtree query (ordered by depth) under their parents. */
        static TreeNode of(List<TreeRow> rows) {
            Map<UUID, List<TreeNode>> children = new HashMap<>();
            List<TreeNode> nodes = new ArrayList<>();
            for (TreeRow row : rows) {
                Account a = row.account();
                List<TreeNode> own = new ArrayList<>();
                children.put(a.id(), own);
                TreeNode node = new TreeNode(a.id(), a.name(), a.category(), a.status(), own);
                nodes.add(node);
                if (row.depth() > 0) {
                    children.get(a.parentId()).add(node);
                }
            }
            return nodes.get(0);
        }
    }

    record AuthorizationsBody(List<Authorization> authorizations) {
    }

    @Schema(description = "A low-balance threshold: a LowBalance event when a ledger entry takes the balance "
            + "from at or above it to below it")
    record LowBalanceThresholdBody(@Schema(description = "Decimal string in the account's currency; null = none",
            example = "10.000000") String threshold) {
        static LowBalanceThresholdBody of(Optional<BigDecimal> threshold) {
            return new LowBalanceThresholdBody(threshold.map(Money::format).orElse(null));
        }
    }

    record NumberLimitsBody(@Schema(description = "Allow prefixes; empty = no allow list") List<String> allow,
                            @Schema(description = "Deny prefixes") List<String> deny) {
        static NumberLimitsBody of(NumberLimits limits) {
            return new NumberLimitsBody(limits.allow().stream().sorted().toList(),
                    limits.deny().stream().sorted().toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NumberCheck(String number, boolean allowed, NumberLimits.Reason reason, UUID refusedByAccountId,
                       String matchedPrefix) {
    }

    record PhoneRequest(@Schema(description = "E.164; '+', spaces and dashes are accepted", example = "+8801711000001")
                        String number,
                        @Schema(description = "Optional PIN, 4 to 12 digits; stored hashed") String pin) {
    }

    record PhoneView(UUID id, UUID accountId, String number, boolean pinSet, Instant createdAt) {
        static PhoneView of(PhoneRow p) {
            return new PhoneView(p.id(), p.accountId(), p.number(), p.pinHash() != null, p.createdAt());
        }
    }

    record PaymentRequest(@Schema(description = "PAYMENT (credit), REFUND (debit) or ADJUSTMENT (signed)")
                          EntryKind kind,
                          @Schema(description = "Decimal string, up to 6 decimals", example = "100.000000")
                          String amount,
                          String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LedgerEntryView(UUID id, UUID accountId, EntryKind kind, String amount, UUID reservationId,
                           String description, Instant createdAt) {
        static LedgerEntryView of(LedgerEntry e) {
            return new LedgerEntryView(e.id(), e.accountId(), e.kind(), Money.format(e.amount()), e.reservationId(),
                    e.description(), e.createdAt());
        }
    }

    /** {@code spentToday}: the day's call charges, shown where a daily cap counts them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BalanceView(UUID accountId, String balance, String reserved, String available, String creditLimit,
                       String currency, BillingType billingType, String perCallLimit, String dailyLimit,
                       String spentToday) {
        static BalanceView of(Balance b) {
            boolean daily = b.billingType() == BillingType.POSTPAID && b.caps().daily() != null;
            return new BalanceView(b.accountId(), Money.format(b.balance()), Money.format(b.reserved()),
                    Money.format(b.available()), Money.format(b.creditLimit()), b.currency(), b.billingType(),
                    formatCap(b.caps().perCall()), formatCap(b.caps().daily()),
                    daily ? Money.format(b.spentToday()) : null);
        }
    }

    private static String formatCap(BigDecimal cap) {
        return cap == null ? null : Money.format(cap);
    }

    record PaymentView(LedgerEntryView entry, BalanceView balance, boolean replayed) {

        /** A payment's answer: 201 when it was recorded now, 200 when it replays an earlier request. */
        static Response answer(LedgerService.Payment payment) {
            return Response.status(payment.replayed() ? 200 : 201).entity(new PaymentView(
                    LedgerEntryView.of(payment.entry()), BalanceView.of(payment.balance()), payment.replayed())).build();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiKeyView(UUID id, UUID accountId, String prefix, Instant createdAt, Instant revokedAt,
                      @Schema(description = "The key itself: in the answer to its creation only") String key) {
        static ApiKeyView of(ApiKeyRow row, String key) {
            return new ApiKeyView(row.id(), row.accountId(), row.keyPrefix(), row.createdAt(), row.revokedAt(), key);
        }
    }

    record RevokedKeys(int revoked) {
    }

    /** {@code active}: false for an agent whose account or an ancestor is not ACTIVE (may read, not change). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PrincipalView(boolean admin, UUID accountId, List<Authorization> authorizations, boolean active) {
    }
}
