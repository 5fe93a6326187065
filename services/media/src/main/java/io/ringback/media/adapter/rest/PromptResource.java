package io.ringback.media.adapter.rest;

import io.ringback.media.app.PromptLibrary;
import io.ringback.common.Page;
import io.ringback.common.Failure;
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

/**
 * {@code /api/v1/prompts}: the prompts the IVR plays, per language. Uploads are WAV files of
 * G.711 (mu-law or A-law), 8 kHz, mono, stored in the database (every replica plays them); an
 * upload overrides the shipped prompt of the same id, deleting it brings the shipped one back.
 */
@Path("/api/v1/prompts")
@Produces(MediaType.APPLICATION_JSON)
public class PromptResource {

    /** Largest upload accepted: 10 minutes of G.711 is 4.8 MB. */
    static final int MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

    private final PromptLibrary library;
    private final CurrentPrincipal current;

    public PromptResource(PromptLibrary library, CurrentPrincipal current) {
        this.current = current;
        this.library = library;
    }

    /** The prompts (uploaded ones first), optionally of one language, a page at a time. */
    @GET
    public Page<PromptLibrary.PromptInfo> list(@QueryParam("language") String language,
                                               @QueryParam("page") @DefaultValue("0") int page,
                                               @QueryParam("size") @DefaultValue("50") int size) {
        long offset = Page.offset(page, size);
        List<PromptLibrary.PromptInfo> all = library.list(language);
        int from = (int) Math.min(offset, all.size());
        return new Page<>(all.subList(from, Math.min(all.size(), from + size)), page, size, all.size());
    }

    /** The WAV that plays for an id. */
    @GET
    @Path("/{language}/{name}")
    @Produces("audio/wav")
    public Response download(@PathParam("language") String language, @PathParam("name") String name) {
        checkId(language, name);
        return library.uploadedOrShipped(language, name)
                .map(wav -> Response.ok(wav.toWav(), "audio/wav").build())
                .orElseThrow(() -> Failure.notFound("Prompt", "no prompt '" + name + "' in language '" + language + "'"));
    }

    /** Uploads (or replaces) a prompt: 201 when new, 200 when replaced. */
    @PUT
    @Path("/{language}/{name}")
    @Consumes({"audio/wav", "audio/x-wav", "audio/wave", MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@PathParam("language") String language, @PathParam("name") String name, byte[] file) {
        current.get().requireAdmin();
        checkId(language, name);
        if (file == null || file.length == 0) {
            throw Failure.invalid("invalid-prompt-audio", "Invalid prompt audio", "the request body is empty: expected a WAV file");
        }
        if (file.length > MAX_UPLOAD_BYTES) {
            throw Failure.tooLarge("prompt-too-large", "Prompt too large",
                    "the WAV file is " + file.length + " bytes, expected at most " + MAX_UPLOAD_BYTES);
        }
        boolean created = library.upload(language, name, file);
        PromptLibrary.PromptInfo info = library.list(language).stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        return Response.status(created ? 201 : 200).entity(info).build();
    }

    /** Deletes an uploaded prompt. */
    @DELETE
    @Path("/{language}/{name}")
    public Response delete(@PathParam("language") String language, @PathParam("name") String name) {
        current.get().requireAdmin();
        checkId(language, name);
        if (!library.delete(language, name)) {
            throw Failure.notFound("Prompt", "no uploaded prompt '" + name + "' in language '" + language
                    + "' (shipped prompts cannot be deleted, only overridden)");
        }
        return Response.noContent().build();
    }

    private static void checkId(String language, String name) {
        PromptLibrary.checkId(language, name);
    }
}
