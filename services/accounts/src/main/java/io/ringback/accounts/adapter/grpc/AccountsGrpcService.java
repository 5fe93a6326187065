package io.ringback.accounts.adapter.grpc;

import io.quarkus.grpc.GrpcService;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;

/**
 * Serves the {@code ringback.accounts.v1.AccountsService} contract of {@code proto/} (and, beside it, the
 * standard gRPC health service other services probe). Its RPCs answer {@code UNIMPLEMENTED} until
 * the accounts service's rules is built (issue #3).
 */
@GrpcService
public class AccountsGrpcService extends AccountsServiceGrpc.AccountsServiceImplBase {
}
