package io.ringback.accounts.adapter.rest;

import io.ringback.accounts.adapter.rest.AccountsApi.AccountRequest;
import io.ringback.accounts.adapter.rest.AccountsApi.AccountView;
import io.ringback.accounts.adapter.rest.AccountsApi.ApiKeyView;
import io.ringback.accounts.adapter.rest.AccountsApi.AuthorizationsBody;
import io.ringback.accounts.adapter.rest.AccountsApi.BalanceView;
import io.ringback.accounts.adapter.rest.AccountsApi.LedgerEntryView;
import io.ringback.accounts.adapter.rest.AccountsApi.LowBalanceThresholdBody;
import io.ringback.accounts.adapter.rest.AccountsApi.NumberCheck;
import io.ringback.accounts.adapter.rest.AccountsApi.NumberLimitsBody;
import io.ringback.accounts.adapter.rest.AccountsApi.PaymentRequest;
import io.ringback.accounts.adapter.rest.AccountsApi.PaymentView;
import io.ringback.accounts.adapter.rest.AccountsApi.PhoneRequest;
import io.ringback.accounts.adapter.rest.AccountsApi.PhoneView;
import io.ringback.accounts.adapter.rest.AccountsApi.PrincipalView;
import io.ringback.accounts.adapter.rest.AccountsApi.RevokedKeys;
import io.ringback.accounts.adapter.rest.AccountsApi.TreeNode;
import io.ringback.accounts.app.AccountDraft;
import io.ringback.accounts.app.HierarchyService;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.app.PhonesService;
import io.ringback.common.Failure;
import io.ringback.common.Authorization;
import io.ringback.accounts.domain.NumberLimits;
import io.ringback.accounts.domain.PhoneNumber;
import io.ringback.common.Principal;
import io.ringback.common.Page;
import io.ringback.service.auth.CurrentPrincipal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The accounts REST API for BSS integrators. Every call authenticates with the admin key or an
 * agent API key ({@code Authorization: Bearer <key>}); an agent sees only its own subtree.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Reseller hierarchy, authorizations, number limits, phones, balances, ledger")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin key or an agent API key issued by POST /accounts/{id}/api-keys")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
@APIResponse(responseCode = "404", description = "No such account, or one outside the caller's subtree")
public class AccountsResource {

    private final CurrentPrincipal current;
    private final HierarchyService accounts;
    private final PhonesService phones;
    private final LedgerService ledger;

    public AccountsResource(CurrentPrincipal current, HierarchyService accounts, PhonesService phones,
                            LedgerService ledger) {
        this.current = current;
        this.accounts = accounts;
        this.phones = phones;
        this.ledger = ledger;
    }

    // --- accounts ---------------------------------------------------------------------------

    @POST
    @Path("/accounts")
    @Operation(summary = "Create an account", description = "An agent's new account goes under the agent "
            + "(or the sub-agent named by parentId); the admin may create top-level accounts.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "422", description = "Unknown parent")
    public Response create(AccountRequest body) {
        Principal caller = current.get();
        AccountView view = AccountView.of(accounts.create(caller, draft(body)));
        return Response.created(URI.create("/api/v1/accounts/" + view.id())).entity(view).build();
    }

    @GET
    @Path("/accounts")
    @Operation(summary = "The caller's entry points: every top-level account (admin) or the agent's own account")
    public Page<AccountView> list(@QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("50") int size) {
        Principal caller = current.get();
        return accounts.roots(caller, page, size).map(AccountView::of);
    }

    @GET
    @Path("/accounts/{id}")
    @Operation(summary = "Read an account")
    public AccountView get(@PathParam("id") UUID id) {
        return AccountView.of(accounts.get(current.get(), id));
    }

    @PATCH
    @Path("/accounts/{id}")
    @Operation(summary = "Change an account; a new parentId moves it (with its subtree)",
            description = "Moving keeps the tree acyclic (409 cycle) and inside the caller's subtree; the moved "
                    + "subtree keeps only the authorizations its new parent holds.")
    @APIResponse(responseCode = "409", description = "The move would create a cycle")
    public AccountView update(@PathParam("id") UUID id, AccountRequest body) {
        Principal caller = current.get();
        return AccountView.of(accounts.update(caller, id, draft(body)));
    }

    @DELETE
    @Path("/accounts/{id}")
    @Operation(summary = "Delete an account without sub-accounts or ledger")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "It still has sub-accounts, or a ledger")
    public Response delete(@PathParam("id") UUID id) {
        accounts.delete(current.get(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/accounts/{id}/sub-accounts")
    @Operation(summary = "Sub-accounts: the children (scope=direct) or the whole subtree (scope=all)")
    public Page<AccountView> subAccounts(@PathParam("id") UUID id,
                                         @QueryParam("scope") @DefaultValue("direct")
                                         @Parameter(description = "direct or all") String scope,
                                         @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("50") int size) {
        Principal caller = current.get();
        if (!"direct".equals(scope) && !"all".equals(scope)) {
            throw Failure.invalid("invalid-scope", "Invalid scope", "scope must be direct or all");
        }
        return accounts.subAccounts(caller, id, "all".equals(scope), page, size)
                .map(row -> AccountView.of(row.account(), row.depth()));
    }

    @GET
    @Path("/accounts/{id}/tree")
    @Operation(summary = "The navigation tree below an account, read in one query")
    public TreeNode tree(@PathParam("id") UUID id) {
        return TreeNode.of(accounts.tree(current.get(), id));
    }

    // --- authorizations ---------------------------------------------------------------------

    @GET
    @Path("/accounts/{id}/authorizations")
    @Operation(summary = "The agent authorizations of an account")
    public AuthorizationsBody authorizations(@PathParam("id") UUID id) {
        return body(accounts.authorizations(current.get(), id));
    }

    @PUT
    @Path("/accounts/{id}/authorizations")
    @Operation(summary = "Replace the authorizations of an account",
            description = "Never more than the parent holds (422 naming the authorization); what the account "
                    + "loses, its whole subtree loses in the same transaction.")
    @APIResponse(responseCode = "422", description = "An authorization the parent does not hold")
    public AuthorizationsBody grant(@PathParam("id") UUID id, AuthorizationsBody body) {
        Principal caller = current.get();
        if (body == null || body.authorizations() == null || body.authorizations().contains(null)) {
            throw Failure.invalid("invalid-authorizations", "Invalid authorizations",
                    "send {\"authorizations\": [...]} with names from " + List.of(Authorization.values()));
        }
        Set<Authorization> set = EnumSet.noneOf(Authorization.class);
        set.addAll(body.authorizations());
        return body(accounts.grant(caller, id, set));
    }

    // --- number limits ----------------------------------------------------------------------

    @GET
    @Path("/accounts/{id}/number-limits")
    @Operation(summary = "The account's own allow and deny prefixes (its ancestors' apply too)")
    public NumberLimitsBody limits(@PathParam("id") UUID id) {
        return NumberLimitsBody.of(accounts.limits(current.get(), id));
    }

    @PUT
    @Path("/accounts/{id}/number-limits")
    @Operation(summary = "Replace the account's allow and deny prefixes")
    public NumberLimitsBody replaceLimits(@PathParam("id") UUID id,
                                          NumberLimitsBody body) {
        Principal caller = current.get();
        NumberLimitsBody given = body == null ? new NumberLimitsBody(List.of(), List.of()) : body;
        return NumberLimitsBody.of(accounts.replaceLimits(caller, id, given.allow(), given.deny()));
    }

    // --- low-balance threshold ---------------------------------------------------------------

    @GET
    @Path("/accounts/{id}/low-balance-threshold")
    @Operation(summary = "The account's low-balance threshold (null = none)")
    public LowBalanceThresholdBody lowBalanceThreshold(@PathParam("id") UUID id) {
        return LowBalanceThresholdBody.of(accounts.lowBalanceThreshold(current.get(), id));
    }

    @PUT
    @Path("/accounts/{id}/low-balance-threshold")
    @Operation(summary = "Set the account's low-balance threshold (null or empty: none)",
            description = "A ledger entry that takes the balance from at or above the threshold to below it "
                    + "publishes one LowBalance event on accounts.low-balance; set like the account (MANAGE_ACCOUNTS).")
    public LowBalanceThresholdBody setLowBalanceThreshold(@PathParam("id") UUID id, LowBalanceThresholdBody body) {
        return LowBalanceThresholdBody.of(accounts.setLowBalanceThreshold(current.get(), id,
                body == null ? null : body.threshold()));
    }

    @GET
    @Path("/accounts/{id}/number-limits/check")
    @Operation(summary = "May the account call this number? If not, which account's rule refuses it")
    public NumberCheck check(@PathParam("id") UUID id,
                             @QueryParam("number") String number) {
        Principal caller = current.get();
        NumberLimits.Decision decision = accounts.check(caller, id, number);
        return new NumberCheck(PhoneNumber.normalize(number), decision.allowed(), decision.reason(),
                decision.refusedBy(), decision.matchedPrefix());
    }

    // --- phones -----------------------------------------------------------------------------

    @POST
    @Path("/accounts/{id}/phones")
    @Operation(summary = "Register a phone (caller ID), optionally with a PIN")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "409", description = "The number is registered already")
    public Response addPhone(@PathParam("id") UUID id, PhoneRequest body) {
        Principal caller = current.get();
        PhoneRequest given = body == null ? new PhoneRequest(null, null) : body;
        PhoneView view = PhoneView.of(phones.register(caller, id, given.number(), given.pin()));
        return Response.created(URI.create("/api/v1/accounts/" + id + "/phones/" + view.number())).entity(view).build();
    }

    @GET
    @Path("/accounts/{id}/phones")
    @Operation(summary = "The phones of an account")
    public Page<PhoneView> phones(@PathParam("id") UUID id,
                                  @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("50") int size) {
        Principal caller = current.get();
        return phones.list(caller, id, page, size).map(PhoneView::of);
    }

    @GET
    @Path("/accounts/{id}/phones/{number}")
    @Operation(summary = "Read one phone of an account")
    public PhoneView phone(@PathParam("id") UUID id,
                           @PathParam("number") String number) {
        return PhoneView.of(phones.get(current.get(), id, number));
    }

    @DELETE
    @Path("/accounts/{id}/phones/{number}")
    @Operation(summary = "Remove a phone")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response deletePhone(@PathParam("id") UUID id,
                                @PathParam("number") String number) {
        phones.delete(current.get(), id, number);
        return Response.noContent().build();
    }

    // --- money ------------------------------------------------------------------------------

    @POST
    @Path("/accounts/{id}/payments")
    @Operation(summary = "Record a payment, refund or adjustment (a ledger entry)",
            description = "Needs an Idempotency-Key header: a retry with the same key and body answers the first "
                    + "result (replayed=true); the same key with another body is refused (422). Agents need "
                    + "PAYMENT_FOR_THIS_ACCOUNT for their own account, PAYMENT_FOR_SUB_ACCOUNTS below it.")
    @APIResponse(responseCode = "201", description = "Recorded")
    @APIResponse(responseCode = "200", description = "A replay of an earlier request with this key")
    @APIResponse(responseCode = "403", description = "Missing payment authorization")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    public Response pay(@HeaderParam("Idempotency-Key") String idempotencyKey,
                        @PathParam("id") UUID id, PaymentRequest body) {
        Principal caller = current.get();
        PaymentRequest given = body == null ? new PaymentRequest(null, null, null) : body;
        LedgerService.Payment payment = ledger.pay(caller, id, given.kind(), given.amount(), given.description(),
                idempotencyKey);
        return PaymentView.answer(payment);
    }

    @GET
    @Path("/accounts/{id}/balance")
    @Operation(summary = "Balance (sum of the ledger), reserved, available, credit limit")
    public BalanceView balance(@PathParam("id") UUID id) {
        return BalanceView.of(ledger.balance(current.get(), id));
    }

    @GET
    @Path("/accounts/{id}/ledger")
    @Operation(summary = "The ledger of an account, newest first")
    public Page<LedgerEntryView> ledger(@PathParam("id") UUID id,
                                        @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("50") int size) {
        Principal caller = current.get();
        return ledger.entries(caller, id, page, size).map(LedgerEntryView::of);
    }

    // --- API keys ---------------------------------------------------------------------------

    @POST
    @Path("/accounts/{id}/api-keys")
    @Operation(summary = "Issue an API key for an account; the key is shown in this answer only")
    @APIResponse(responseCode = "201", description = "Issued")
    public Response issueKey(@PathParam("id") UUID id) {
        HierarchyService.IssuedKey issued = accounts.issueKey(current.get(), id);
        return Response.status(201).entity(ApiKeyView.of(issued.row(), issued.key())).build();
    }

    @GET
    @Path("/accounts/{id}/api-keys")
    @Operation(summary = "The API keys of an account (never the keys themselves)")
    public Page<ApiKeyView> keys(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") int page,
                                 @QueryParam("size") @DefaultValue("50") int size) {
        return accounts.keys(current.get(), id, page, size).map(row -> ApiKeyView.of(row, null));
    }

    @DELETE
    @Path("/accounts/{id}/api-keys")
    @Operation(summary = "Revoke every API key of an account")
    public RevokedKeys revokeAll(@PathParam("id") UUID id) {
        return new RevokedKeys(accounts.revokeKeys(current.get(), id, null));
    }

    @DELETE
    @Path("/accounts/{id}/api-keys/{keyId}")
    @Operation(summary = "Revoke one API key")
    public RevokedKeys revoke(@PathParam("id") UUID id,
                              @PathParam("keyId") UUID keyId) {
        return new RevokedKeys(accounts.revokeKeys(current.get(), id, keyId));
    }

    // --- identity for other services --------------------------------------------------------

    @GET
    @Path("/principal")
    @Operation(summary = "Who the presented key is: admin, or the agent's account and authorizations",
            description = "Other services call this with the key they received (decision 0007) and cache the answer.")
    public PrincipalView principal() {
        Principal caller = current.get();
        return new PrincipalView(caller.admin(), caller.accountId(), List.copyOf(caller.authorizations()),
                caller.active());
    }

    private static AuthorizationsBody body(Set<Authorization> set) {
        return new AuthorizationsBody(set.stream().sorted().toList());
    }

    private static AccountDraft draft(AccountRequest body) {
        if (body == null) {
            throw Failure.invalid("missing-body", "Missing body", "send the account as JSON");
        }
        if (body.category() != null) {
            throw Failure.invalid("category-derived", "Category is derived",
                    "category is ACCOUNT or AGENT by whether the account has sub-accounts; it cannot be set");
        }
        return new AccountDraft(body.parentId(), body.name(), body.status(), body.billingType(), body.currency(),
                body.creditLimit(), body.rateTableId(), body.defaultCtdMode(), body.perCallLimit(), body.dailyLimit());
    }
}
