package io.ringback.media.adapter.rest;

import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.media.app.PromptLibrary;
import io.ringback.service.auth.AccountScope;
import io.ringback.service.auth.CurrentPrincipal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/prompts}: the prompts the IVR plays, per language. Uploads are WAV files of
 * G.711 (mu-law or A-law), 8 kHz, mono, stored in the database (every replica plays them).
 * Platform prompts (the shipped sets and the admin's uploads) are heard by every account; an
 * agent's key manages its own set only ({@code ?owner=} its own account, the default for an agent),
 * which overrides the platform prompt of the same id on its calls. The admin manages the platform
 * set (no {@code owner}) and any agent's set ({@code ?owner=<accountId>}). Another agent's set does
 * not exist for an agent (404).
 */
@Path("/api/v1/prompts")
@Produces(MediaType.APPLICATION_JSON)
public class PromptResource {

    /** Largest upload accepted: 10 minutes of G.711 is 4.8 MB. */
    static final int MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

    private final PromptLibrary library;
    private final CurrentPrincipal current;
    private final AccountScope scope;

    public PromptResource(PromptLibrary library, CurrentPrincipal current, AccountScope scope) {
        this.current = current;
        this.library = library;
        this.scope = scope;
    }

    /** The prompts the owner sees (its own uploads first), optionally of one language, a page at a time. */
    @GET
    public Page<PromptLibrary.PromptInfo> list(@QueryParam("owner") String owner,
                                               @QueryParam("language") String language,
                                               @QueryParam("page") @DefaultValue("0") int page,
                                               @QueryParam("size") @DefaultValue("50") int size) {
        long offset = Page.offset(page, size);
        List<PromptLibrary.PromptInfo> all = library.list(owner(owner), language);
        int from = (int) Math.min(offset, all.size());
        return new Page<>(all.subList(from, Math.min(all.size(), from + size)), page, size, all.size());
    }

    /** The WAV that plays for an id on the owner's calls. */
    @GET
    @Path("/{language}/{name}")
    @Produces("audio/wav")
    public Response download(@QueryParam("owner") String owner, @PathParam("language") String language,
                             @PathParam("name") String name) {
        UUID account = owner(owner);
        PromptLibrary.checkId(language, name);
        return library.resolve(account, language, name)
                .map(wav -> Response.ok(wav.toWav(), "audio/wav").build())
                .orElseThrow(() -> Failure.notFound("Prompt", "no prompt '" + name + "' in language '" + language + "'"));
    }

    /** Uploads (or replaces) a prompt of the owner's set: 201 when new, 200 when replaced. */
    @PUT
    @Path("/{language}/{name}")
    @Consumes({"audio/wav", "audio/x-wav", "audio/wave", MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@QueryParam("owner") String owner, @PathParam("language") String language,
                           @PathParam("name") String name, byte[] file) {
        UUID account = owner(owner);
        current.get().requireActive();
        PromptLibrary.checkId(language, name);
        if (file == null || file.length == 0) {
            throw Failure.invalid("invalid-prompt-audio", "Invalid prompt audio", "the request body is empty: expected a WAV file");
        }
        if (file.length > MAX_UPLOAD_BYTES) {
            throw Failure.tooLarge("prompt-too-large", "Prompt too large",
                    "the WAV file is " + file.length + " bytes, expected at most " + MAX_UPLOAD_BYTES);
        }
        boolean created = library.upload(account, language, name, file);
        PromptLibrary.PromptInfo info = library.list(account, language).stream()
                .filter(p -> p.name().equals(name) && java.util.Objects.equals(p.ownerAccountId(), account))
                .findFirst().orElseThrow();
        return Response.status(created ? 201 : 200).entity(info).build();
    }

    /** Deletes an upload of the owner's set. */
    @DELETE
    @Path("/{language}/{name}")
    public Response delete(@QueryParam("owner") String owner, @PathParam("language") String language,
                           @PathParam("name") String name) {
        UUID account = owner(owner);
        current.get().requireActive();
        PromptLibrary.checkId(language, name);
        if (!library.delete(account, language, name)) {
            throw Failure.notFound("Prompt", "no uploaded prompt '" + name + "' in language '" + language + "'"
                    + (account == null ? " (shipped prompts cannot be deleted, only overridden)" : " in your prompt set"));
        }
        return Response.noContent().build();
    }

    /**
     * Whose set a request addresses: the platform's (null) for the admin without {@code owner}, the
     * agent's own otherwise. An agent naming any other account gets 404, as for every account
     * outside its reach; the admin naming an account that does not exist too.
     */
    private UUID owner(String owner) {
        Principal caller = current.get();
        if (owner == null || owner.isBlank()) {
            return caller.admin() ? null : caller.accountId();
        }
        UUID account;
        try {
            account = UUID.fromString(owner);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("owner", "'" + owner + "' is not an account id (UUID)");
        }
        if (caller.admin()) {
            scope.levels(account);
        } else if (!account.equals(caller.accountId())) {
            throw Failure.notFound("Account", "No account " + account + ".");
        }
        return account;
    }
}
