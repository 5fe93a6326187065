package io.ringback.signaling.adapter.rest;

import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.service.auth.CurrentPrincipal;
import io.ringback.signaling.app.CallbackServices;
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

/** Callback services: what a DID's trigger does (domain §2). */
@Path("/api/v1/callback-services")
@Produces(MediaType.APPLICATION_JSON)
public class CallbackServiceResource {

    private final CallbackServices services;
    private final CurrentPrincipal caller;

    public CallbackServiceResource(CallbackServices services, CurrentPrincipal caller) {
        this.services = services;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CallbackServiceRequest request) {
        CallbackServiceView created = CallbackServiceView.of(services.create(caller.get(), body(request).settings()));
        return Response.created(URI.create("/api/v1/callback-services/" + created.id())).entity(created).build();
    }

    @GET
    public Page<CallbackServiceView> list(@QueryParam("page") @DefaultValue("0") int page,
                                          @QueryParam("size") @DefaultValue("50") int size) {
        return services.list(caller.get(), page, size).map(CallbackServiceView::of);
    }

    @GET
    @Path("/{id}")
    public CallbackServiceView get(@PathParam("id") UUID id) {
        return CallbackServiceView.of(services.get(caller.get(), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallbackServiceView replace(@PathParam("id") UUID id, CallbackServiceRequest request) {
        return CallbackServiceView.of(services.replace(caller.get(), id, body(request).settings()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        services.delete(caller.get(), id);
        return Response.noContent().build();
    }

    static <T> T body(T request) {
        if (request == null) {
            throw Failure.invalid("missing-body", "Missing body", "the request needs a JSON body");
        }
        return request;
    }
}
