package io.ringback.signaling.adapter.rest;

import io.ringback.common.Page;
import io.ringback.service.auth.CurrentPrincipal;
import io.ringback.signaling.app.Gateways;
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

/** Gateways: the SIP peers callback and destination legs are sent to. */
@Path("/api/v1/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayResource {

    private final Gateways gateways;
    private final CurrentPrincipal caller;

    public GatewayResource(Gateways gateways, CurrentPrincipal caller) {
        this.gateways = gateways;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(GatewayRequest request) {
        GatewayView created = GatewayView.of(gateways.create(caller.get(), CallbackServiceResource.body(request).settings()));
        return Response.created(URI.create("/api/v1/gateways/" + created.id())).entity(created).build();
    }

    /** The gateways the caller sees, by name. */
    @GET
    public Page<GatewayView> list(@QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("50") int size) {
        return gateways.list(caller.get(), page, size).map(GatewayView::of);
    }

    @GET
    @Path("/{id}")
    public GatewayView get(@PathParam("id") UUID id) {
        return GatewayView.of(gateways.get(caller.get(), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public GatewayView replace(@PathParam("id") UUID id, GatewayRequest request) {
        return GatewayView.of(gateways.replace(caller.get(), id, CallbackServiceResource.body(request).settings()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        gateways.delete(caller.get(), id);
        return Response.noContent().build();
    }
}
