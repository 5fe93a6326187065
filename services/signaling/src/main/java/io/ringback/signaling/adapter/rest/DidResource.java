package io.ringback.signaling.adapter.rest;

import io.ringback.common.Page;
import io.ringback.service.auth.CurrentPrincipal;
import io.ringback.signaling.app.Dids;
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

/** DIDs (access numbers): the number a user dials, the service it triggers, who may send it. */
@Path("/api/v1/dids")
@Produces(MediaType.APPLICATION_JSON)
public class DidResource {

    private final Dids dids;
    private final CurrentPrincipal caller;

    public DidResource(Dids dids, CurrentPrincipal caller) {
        this.dids = dids;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(DidRequest request) {
        DidView created = DidView.of(dids.create(caller.get(), CallbackServiceResource.body(request).settings()));
        return Response.created(URI.create("/api/v1/dids/" + created.id())).entity(created).build();
    }

    /** The DIDs the caller sees, by number; {@code serviceId} keeps those of one callback service. */
    @GET
    public Page<DidView> list(@QueryParam("serviceId") UUID serviceId, @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("50") int size) {
        return dids.list(caller.get(), serviceId, page, size).map(DidView::of);
    }

    @GET
    @Path("/{id}")
    public DidView get(@PathParam("id") UUID id) {
        return DidView.of(dids.get(caller.get(), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DidView replace(@PathParam("id") UUID id, DidRequest request) {
        return DidView.of(dids.replace(caller.get(), id, CallbackServiceResource.body(request).settings()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        dids.delete(caller.get(), id);
        return Response.noContent().build();
    }
}
