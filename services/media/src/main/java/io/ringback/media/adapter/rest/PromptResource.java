package io.ringback.media.adapter.rest;

import io.ringback.media.app.PromptLibrary;
import io.ringback.media.app.PromptStoreUnavailableException;
import io.ringback.media.wav.WavFormatException;
import io.ringback.rest.Page;
import io.ringback.rest.Problem;
import io.ringback.rest.ProblemException;
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
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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

    public PromptResource(PromptLibrary library) {
        this.library = library;
    }

    /** The prompts (uploaded ones first), optionally of one language, a page at a time. */
    @GET
    public Page<PromptLibrary.PromptInfo> list(@QueryParam("language") String language,
                                               @QueryParam("page") @DefaultValue("0") int page,
                                               @QueryParam("size") @DefaultValue("50") int size) {
        long offset = Page.offset(page, size);
        List<PromptLibrary.PromptInfo> all;
        try {
            all = library.list(language);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-prompt-id", "Invalid prompt id", e.getMessage());
        }
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
                .orElseThrow(() -> ProblemException.notFound("Prompt", "no prompt '" + name + "' in language '" + language + "'"));
    }

    /** Uploads (or replaces) a prompt: 201 when new, 200 when replaced. */
    @PUT
    @Path("/{language}/{name}")
    @Consumes({"audio/wav", "audio/x-wav", "audio/wave", MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@PathParam("language") String language, @PathParam("name") String name, byte[] file) {
        checkId(language, name);
        if (file == null || file.length == 0) {
            throw ProblemException.badRequest("invalid-prompt-audio", "Invalid prompt audio", "the request body is empty: expected a WAV file");
        }
        if (file.length > MAX_UPLOAD_BYTES) {
            throw new ProblemException(413, "prompt-too-large", "Prompt too large",
                    "the WAV file is " + file.length + " bytes, expected at most " + MAX_UPLOAD_BYTES);
        }
        boolean created;
        try {
            created = library.upload(language, name, file);
        } catch (WavFormatException e) {
            throw ProblemException.unprocessable("invalid-prompt-audio", "Invalid prompt audio", e.getMessage());
        }
        PromptLibrary.PromptInfo info = library.list(language).stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        return Response.status(created ? 201 : 200).entity(info).build();
    }

    /** Deletes an uploaded prompt. */
    @DELETE
    @Path("/{language}/{name}")
    public Response delete(@PathParam("language") String language, @PathParam("name") String name) {
        checkId(language, name);
        if (!library.delete(language, name)) {
            throw ProblemException.notFound("Prompt", "no uploaded prompt '" + name + "' in language '" + language
                    + "' (shipped prompts cannot be deleted, only overridden)");
        }
        return Response.noContent().build();
    }

    /** The database failed: 503, a retry may succeed (not 500, not the caller's fault). */
    @ServerExceptionMapper
    public Response storeUnavailable(PromptStoreUnavailableException e, UriInfo uri) {
        Problem problem = new ProblemException(503, "prompt-store-unavailable", "Prompt store unavailable",
                e.getMessage()).toProblem("/" + uri.getPath().replaceFirst("^/", ""));
        return Response.status(503).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static void checkId(String language, String name) {
        try {
            PromptLibrary.checkId(language, name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-prompt-id", "Invalid prompt id", e.getMessage());
        }
    }
}
