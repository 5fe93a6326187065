package io.ringback.testing;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** The gRPC server of a test double: a free port on 127.0.0.1, the platform service credential required, stopped with the JVM. */
final class DoubleServer {

    private DoubleServer() {
    }

    /** Starts {@code service}; {@code what} names the double in the error when it cannot start. */
    static Server start(BindableService service, String what) {
        Server server;
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(service, new RequireServiceToken(AccountsDouble.SERVICE_TOKEN)))
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("the " + what + " double could not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        return server;
    }
}
