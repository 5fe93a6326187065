package io.ringback.accounts.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ringback.accounts.adapter.rest.AccountsApi.BalanceView;
import io.ringback.accounts.adapter.rest.AccountsApi.PaymentView;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.app.PhoneCardsService;
import io.ringback.accounts.app.PhoneCardsService.Batch;
import io.ringback.accounts.app.PhoneCardsService.BatchDraft;
import io.ringback.accounts.app.PhoneCardsService.CardState;
import io.ringback.accounts.app.PhoneCardsService.IssuedCard;
import io.ringback.accounts.domain.PhoneCard;
import io.ringback.common.Money;
import io.ringback.common.Page;
import io.ringback.service.auth.CurrentPrincipal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Phone cards for BSS integrators: batches (whose PINs are answered once, as CSV), listing,
 * blocking and recharges. Every call needs MANAGE_PHONE_CARDS (or the admin key); cards outside
 * the caller's subtree do not exist for it.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "phone cards", description = "Prepaid phone cards: batches, PINs shown once, block, recharge")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
@APIResponse(responseCode = "403", description = "The agent lacks MANAGE_PHONE_CARDS, or is inactive")
@APIResponse(responseCode = "404", description = "No such account or card, or one outside the caller's subtree")
public class PhoneCardsResource {

    /** The columns of a batch's CSV, one card a row. */
    static final String CSV_HEADER = "number,pin,faceValue,currency,expiresAt,validDays";

    @Schema(description = "A batch of cards to generate under the account of the path")
    record BatchRequest(@Schema(description = "How many cards, 1 to 10000") Integer cards,
                        @Schema(description = "Each card's initial balance, decimal string, in the cards' currency",
                                example = "100.000000") String faceValue,
                        @Schema(description = "The cards' currency (ISO 4217); none = the owner's. Another "
                                + "currency than the owner's needs a rateTableId in it") String currency,
                        @Schema(description = "Optional rate plan of the cards (a plan the owner sells); "
                                + "none = the owner's own plan") String rateTableId,
                        @Schema(description = "A fixed expiry (ISO-8601 instant); or validDays") Instant expiresAt,
                        @Schema(description = "Days of validity counted from the first use") Integer validDays,
                        @Schema(description = "Optional low-balance threshold of every card, decimal string: a "
                                + "LowBalance event when a card's balance falls below it") String lowBalanceThreshold) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CardView(UUID id, String number, UUID ownerId, UUID batchId, PhoneCard.Status status, String currency,
                    String rateTableId, BalanceView balance, Instant expiresAt, Integer validDays,
                    Instant firstUsedAt, Instant createdAt,
                    @Schema(description = "The caller numbers that have logged in with it") List<String> callers,
                    @Schema(description = "The low-balance threshold; absent = none") String lowBalanceThreshold) {
        static CardView of(CardState state) {
            PhoneCard card = state.card();
            return new CardView(card.id(), card.number(), card.ownerId(), card.batchId(), state.status(),
                    card.currency(), card.rateTableId(), BalanceView.of(state.balance()), card.expiry(),
                    card.validDays(), card.firstUsedAt(), card.createdAt(), state.callers(),
                    state.lowBalanceThreshold() == null ? null : Money.format(state.lowBalanceThreshold()));
        }
    }

    record RechargeRequest(@Schema(description = "Decimal string above zero", example = "50.000000") String amount,
                           String description) {
    }

    private final CurrentPrincipal current;
    private final PhoneCardsService cards;
    private final LedgerService ledger;

    public PhoneCardsResource(CurrentPrincipal current, PhoneCardsService cards, LedgerService ledger) {
        this.current = current;
        this.cards = cards;
        this.ledger = ledger;
    }

    @POST
    @Path("/accounts/{id}/phone-card-batches")
    @Produces("text/csv")
    @Operation(summary = "Generate a batch of phone cards; the answer is the CSV of numbers and PINs, shown once",
            description = "Needs an Idempotency-Key header: a retry makes no second batch and answers 409 "
                    + "batch-already-created, since the PINs are never shown again.")
    @APIResponse(responseCode = "201", description = "The batch, as CSV: " + CSV_HEADER)
    @APIResponse(responseCode = "409", description = "A batch was already created with this Idempotency-Key")
    public Response createBatch(@HeaderParam("Idempotency-Key") String idempotencyKey, @PathParam("id") UUID ownerId,
                                BatchRequest body) {
        BatchRequest given = body == null ? new BatchRequest(null, null, null, null, null, null, null) : body;
        Batch batch = cards.createBatch(current.get(), ownerId, new BatchDraft(given.cards(), given.faceValue(),
                given.currency(), given.rateTableId(), given.expiresAt(), given.validDays(), given.lowBalanceThreshold()), idempotencyKey);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
        String faceValue = Money.format(batch.row().faceValue());
        for (IssuedCard card : batch.cards()) {
            csv.append(card.number()).append(',').append(card.pin()).append(',').append(faceValue).append(',')
                    .append(batch.currency()).append(',')
                    .append(batch.expiresAt() == null ? "" : batch.expiresAt().toString()).append(',')
                    .append(batch.validDays() == null ? "" : batch.validDays().toString()).append("\r\n");
        }
        return Response.created(URI.create("/api/v1/phone-cards?batchId=" + batch.row().id()))
                .header("Content-Disposition", "attachment; filename=\"phone-cards-" + batch.row().id() + ".csv\"")
                .header("Cache-Control", "no-store")
                .entity(csv.toString()).build();
    }

    @GET
    @Path("/phone-cards")
    @Operation(summary = "The cards the caller sees, newest first: of one owner, one batch, a number prefix, "
            + "a status (NEW, ACTIVE, USED_UP, EXPIRED, BLOCKED)")
    public Page<CardView> list(@QueryParam("ownerId") UUID ownerId, @QueryParam("batchId") UUID batchId,
                               @QueryParam("number") String number, @QueryParam("status") String status,
                               @QueryParam("page") @DefaultValue("0") int page,
                               @QueryParam("size") @DefaultValue("50") int size) {
        return cards.list(current.get(), ownerId, batchId, number, status, page, size).map(CardView::of);
    }

    @GET
    @Path("/phone-cards/{id}")
    @Operation(summary = "One card (never its PIN)")
    public CardView get(@PathParam("id") UUID id) {
        return CardView.of(cards.get(current.get(), id));
    }

    @POST
    @Path("/phone-cards/{id}/block")
    @Operation(summary = "Block a card: it can no longer log in; its funds stay on it")
    public CardView block(@PathParam("id") UUID id) {
        return CardView.of(cards.setBlocked(current.get(), id, true));
    }

    @POST
    @Path("/phone-cards/{id}/unblock")
    @Operation(summary = "Unblock a card")
    public CardView unblock(@PathParam("id") UUID id) {
        return CardView.of(cards.setBlocked(current.get(), id, false));
    }

    @PUT
    @Path("/phone-cards/{id}/low-balance-threshold")
    @Operation(summary = "Set the card's low-balance threshold (null or empty: none)",
            description = "A ledger entry that takes the card's balance from at or above the threshold to below "
                    + "it publishes one LowBalance event on accounts.low-balance.")
    public CardView setLowBalanceThreshold(@PathParam("id") UUID id, AccountsApi.LowBalanceThresholdBody body) {
        return CardView.of(cards.setLowBalanceThreshold(current.get(), id, body == null ? null : body.threshold()));
    }

    @POST
    @Path("/phone-cards/{id}/recharges")
    @Operation(summary = "Recharge a card (a PAYMENT entry on its ledger), idempotent like payments",
            description = "Needs an Idempotency-Key header: the same key and body answer the first result "
                    + "(replayed=true); the same key with another body is refused (422).")
    @APIResponse(responseCode = "201", description = "Recharged")
    @APIResponse(responseCode = "200", description = "A replay of an earlier request with this key")
    public Response recharge(@HeaderParam("Idempotency-Key") String idempotencyKey, @PathParam("id") UUID id,
                             RechargeRequest body) {
        RechargeRequest given = body == null ? new RechargeRequest(null, null) : body;
        LedgerService.Payment payment = ledger.recharge(current.get(), id, given.amount(), given.description(),
                idempotencyKey);
        return PaymentView.answer(payment);
    }
}
