package io.ringback.signaling.adapter.rest;

import io.ringback.common.Page;
import io.ringback.service.auth.CurrentPrincipal;
import io.ringback.signaling.app.Templates;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

/** IVR templates: the prompts, timeouts and destination rules a callback plays to the user (domain §2). */
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final Templates templates;
    private final CurrentPrincipal caller;

    public TemplateResource(Templates templates, CurrentPrincipal caller) {
        this.templates = templates;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TemplateRequest request) {
        TemplateView created = TemplateView.of(templates.create(caller.get(), CallbackServiceResource.body(request).settings()));
        return Response.created(URI.create("/api/v1/templates/" + created.id())).entity(created).build();
    }

    /** The templates the caller sees, by name. */
    @GET
    public Page<TemplateView> list(@QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("50") int size) {
        return templates.list(caller.get(), page, size).map(TemplateView::of);
    }

    @GET
    @Path("/{id}")
    public TemplateView get(@PathParam("id") UUID id) {
        return TemplateView.of(templates.get(caller.get(), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView replace(@PathParam("id") UUID id, TemplateRequest request) {
        return TemplateView.of(templates.replace(caller.get(), id, CallbackServiceResource.body(request).settings()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        templates.delete(caller.get(), id);
        return Response.noContent().build();
    }
}
