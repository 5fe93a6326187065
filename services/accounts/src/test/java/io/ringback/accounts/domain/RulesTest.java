package io.ringback.accounts.domain;

import io.ringback.common.Authorization;
import io.ringback.common.Principal;
import io.ringback.common.Failure;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small rules (money's are in ringback-common): numbers, authorizations, scope, cycles, PINs and keys. */
class RulesTest {

    private static final UUID TOP = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID AGENT = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    void numbersAreNormalizedToE164Digits() {
        assertEquals("8801711000001", PhoneNumber.normalize("+880 1711-000001"));
        assertEquals("525512345678", PhoneNumber.normalize("+52 (55) 1234.5678"));
        assertEquals("8801711000001", PhoneNumber.normalize("8801711000001"));
        for (String bad : List.of("", "abc", "+0123456789", "12345", "1234567890123456", "+88017a1000001")) {
            Failure e = assertThrows(Failure.class, () -> PhoneNumber.normalize(bad), bad);
            assertEquals("invalid-number", e.slug());
        }
        assertEquals("880", PhoneNumber.prefix("+880"));
        assertEquals("invalid-prefix", assertThrows(Failure.class, () -> PhoneNumber.prefix("88x")).slug());
    }

    @Test
    void aGrantBeyondTheParentsSetIsRefusedNamingTheAuthorization() {
        Set<Authorization> parent = EnumSet.of(Authorization.MANAGE_ACCOUNTS, Authorization.MANAGE_PHONES);
        Authorizations.requireSubset(EnumSet.of(Authorization.MANAGE_PHONES), parent);
        Authorizations.requireSubset(EnumSet.noneOf(Authorization.class), parent);
        Authorizations.requireSubset(EnumSet.allOf(Authorization.class), null);
        Failure e = assertThrows(Failure.class, () -> Authorizations.requireSubset(
                EnumSet.of(Authorization.MANAGE_PHONES, Authorization.PAYMENT_FOR_SUB_ACCOUNTS), parent));
        assertEquals("cannot grant PAYMENT_FOR_SUB_ACCOUNTS: the parent agent does not hold it", e.getMessage());
        assertEquals(Failure.Kind.UNPROCESSABLE, e.kind());
    }

    @Test
    void anAgentSeesItsSubtreeAndChangesOnlyBelowItself() {
        Principal agent = new Principal(AGENT, EnumSet.of(Authorization.MANAGE_ACCOUNTS), true);
        assertTrue(agent.sees(List.of(CUSTOMER, AGENT, TOP)));
        assertTrue(agent.sees(List.of(AGENT, TOP)));
        assertFalse(agent.sees(List.of(TOP)));
        assertTrue(agent.isBelow(List.of(CUSTOMER, AGENT, TOP)));
        assertFalse(agent.isBelow(List.of(AGENT, TOP)));
        assertTrue(Principal.ADMIN.sees(List.of(TOP)));
        agent.require(Authorization.MANAGE_ACCOUNTS);
        assertEquals("this operation needs the authorization MANAGE_PHONES, which your account does not hold",
                assertThrows(Failure.class, () -> agent.require(Authorization.MANAGE_PHONES)).getMessage());
    }

    @Test
    void aMoveUnderOwnSubtreeIsACycle() {
        Hierarchy.requireNoCycle(CUSTOMER, List.of(TOP));
        Failure e = assertThrows(Failure.class,
                () -> Hierarchy.requireNoCycle(AGENT, List.of(CUSTOMER, AGENT, TOP)));
        assertEquals("cycle", e.slug());
        assertThrows(Failure.class, () -> Hierarchy.requireNoCycle(AGENT, List.of(AGENT, TOP)));
    }

    @Test
    void pinsAreSaltedSlowHashesThatVerify() {
        PinHasher hasher = new PinHasher(1000);
        String first = hasher.hash("4321");
        String second = hasher.hash("4321");
        assertNotEquals(first, second, "a fresh salt per PIN");
        assertTrue(first.startsWith("pbkdf2-sha256$1000$"));
        assertFalse(first.contains("4321"));
        assertTrue(PinHasher.matches("4321", first));
        assertFalse(PinHasher.matches("4322", first));
        assertEquals("4321", PinHasher.validate("4321"));
        assertThrows(Failure.class, () -> PinHasher.validate("12a4"));
        assertThrows(Failure.class, () -> PinHasher.validate("123"));
    }

    @Test
    void apiKeysAreRandomAndStoredAsTheirSha256() {
        String key = ApiKeys.generate();
        assertTrue(key.startsWith("rbk_"));
        assertEquals(4 + 43, key.length(), "256 bits in base64url");
        assertNotEquals(key, ApiKeys.generate());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.hash("abc"));
    }

    @Test
    void availableIsBalancePlusCreditLessReserved() {
        Balance balance = new Balance(CUSTOMER, new BigDecimal("10.000000"), new BigDecimal("3.500000"),
                new BigDecimal("5.000000"), "USD", BillingType.PREPAID, SpendCaps.NONE, BigDecimal.ZERO);
        assertEquals(new BigDecimal("11.500000"), balance.available());
        assertTrue(balance.above(new BigDecimal("11.499999")));
        assertFalse(balance.above(new BigDecimal("11.500000")));
        assertEquals(Category.AGENT, Category.of(true));
        assertEquals(Category.ACCOUNT, Category.of(false));
    }

    @Test
    void aPostpaidAccountSpendsItsCreditDownToTheLimitAndNoMoreThanItsCaps() {
        // Owes 30 of a credit limit of 50, 4 held by a call in progress: 16 of credit left.
        Balance owing = postpaid("-30.000000", "4.000000", "50.000000", SpendCaps.NONE, "0");
        assertEquals(new BigDecimal("16.000000"), owing.available());
        // A per-call cap of 5 quotes and reserves no more than 5 for one call.
        assertEquals(new BigDecimal("5.000000"),
                postpaid("-30.000000", "4.000000", "50.000000", new SpendCaps(new BigDecimal("5.000000"), null), "0")
                        .available());
        // A daily cap of 20 with 12.25 charged today and 4 held: 3.75 left today.
        assertEquals(new BigDecimal("3.750000"), postpaid("-30.000000", "4.000000", "50.000000",
                new SpendCaps(null, new BigDecimal("20")), "12.250000").available());
        // Past the day's cap nothing is available, though the credit limit is not reached.
        Balance capped = postpaid("-30.000000", "0.000000", "50.000000",
                new SpendCaps(new BigDecimal("5"), new BigDecimal("20")), "20.000000");
        assertEquals(new BigDecimal("0.000000"), capped.available());
        assertFalse(capped.above(BigDecimal.ZERO));
        // At its credit limit a postpaid account is out of funds like an empty prepaid one.
        assertFalse(postpaid("-50.000000", "0.000000", "50.000000", SpendCaps.NONE, "0").above(BigDecimal.ZERO));
    }

    @Test
    void spendCapsAreForPostpaidAccountsAndDaysStartAtMidnightOfTheConfiguredZone() {
        SpendCaps caps = new SpendCaps(new BigDecimal("5"), null);
        assertEquals(caps, caps.requireAllowedFor(BillingType.POSTPAID));
        assertEquals("spend-caps-postpaid-only", assertThrows(Failure.class,
                () -> caps.requireAllowedFor(BillingType.PREPAID)).slug());
        assertEquals(SpendCaps.NONE, SpendCaps.NONE.requireAllowedFor(BillingType.PREPAID));
        Instant now = Instant.parse("2026-12-03T20:30:00Z");
        assertEquals(Instant.parse("2026-12-03T00:00:00Z"), SpendCaps.dayStart(now, ZoneOffset.UTC));
        // 02:30 on the 4th in Dhaka (UTC+6): its day began at 18:00 UTC on the 3rd.
        assertEquals(Instant.parse("2026-12-03T18:00:00Z"), SpendCaps.dayStart(now, ZoneId.of("Asia/Dhaka")));
    }

    private static Balance postpaid(String balance, String reserved, String creditLimit, SpendCaps caps,
                                    String spentToday) {
        return new Balance(CUSTOMER, new BigDecimal(balance), new BigDecimal(reserved), new BigDecimal(creditLimit),
                "USD", BillingType.POSTPAID, caps, new BigDecimal(spentToday));
    }

    @Test
    void cardNumbersCarryALuhnCheckDigitAndComeFromTheSecureGenerator() {
        assertEquals(3, CardNumbers.checkDigit("7992739871"), "the textbook Luhn example 79927398713");
        CardNumbers numbers = new CardNumbers(new java.security.SecureRandom());
        String number = numbers.number();
        assertTrue(CardNumbers.valid(number), number);
        char wrong = (char) ('0' + (number.charAt(15) - '0' + 1) % 10);
        assertFalse(CardNumbers.valid(number.substring(0, 15) + wrong), "one mistyped digit is caught");
        assertFalse(CardNumbers.valid("0" + number.substring(1)));
        assertTrue(numbers.pin().matches("[0-9]{8}"));
    }

    @Test
    void aBalanceCrossesItsThresholdOnlyWhenItFallsFromAtOrAboveToBelow() {
        BigDecimal ten = new BigDecimal("10.000000");
        assertTrue(LowBalanceCrossing.crosses(ten, new BigDecimal("15"), new BigDecimal("9.999999")));
        assertTrue(LowBalanceCrossing.crosses(ten, ten, new BigDecimal("9")), "from exactly the threshold");
        assertFalse(LowBalanceCrossing.crosses(ten, new BigDecimal("15"), ten), "at the threshold is not below");
        assertFalse(LowBalanceCrossing.crosses(ten, new BigDecimal("9"), new BigDecimal("8")), "below already");
        assertFalse(LowBalanceCrossing.crosses(ten, new BigDecimal("8"), new BigDecimal("12")), "rising");
        assertTrue(LowBalanceCrossing.crosses(new BigDecimal("-100"), new BigDecimal("-50"), new BigDecimal("-150")),
                "a postpaid threshold below zero");
        assertFalse(LowBalanceCrossing.crosses(null, new BigDecimal("15"), new BigDecimal("1")), "no threshold");
    }
}
