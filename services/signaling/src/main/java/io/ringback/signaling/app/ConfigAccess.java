package io.ringback.signaling.app;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.ringback.common.Failure;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.service.auth.AccountScope;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Who may see and change the callback configuration (gateways, templates, callback services,
 * DIDs). Each object is owned by the platform (no owner account: the admin's alone) or by an
 * account; an agent sees the objects owned by its own account or any account below it, and for it
 * nothing else exists (404). Changes need, besides that, the gateway authorizations accounts
 * stores: {@code ADD_DELETE_GATEWAYS} to create or delete, {@code MODIFY_GATEWAY_INFO} to modify
 * ({@code MODIFY_GATEWAY_CAPACITY} for a gateway's capacity), and an active agent chain.
 * Subtrees come from accounts ({@code GetAccountChain}), so a moved account's objects follow it.
 */
@ApplicationScoped
public class ConfigAccess {

    private final AccountScope scope;

    public ConfigAccess(AccountScope scope) {
        this.scope = scope;
    }

    /** Whether the caller sees an object of this owner (null = the platform). */
    public boolean sees(Principal caller, UUID owner) {
        if (caller.admin()) {
            return true;
        }
        return owner != null && scope.visible(caller, owner);
    }

    /**
     * Whether objects owned by {@code viewer} may use one owned by {@code owner} (a template's
     * gateway, a service's template): the platform's objects may use any; an account's only those
     * of its own subtree, which the platform's are not.
     */
    public boolean visibleTo(UUID viewer, UUID owner) {
        if (viewer == null) {
            return true;
        }
        if (owner == null) {
            return false;
        }
        try {
            return scope.chain(owner).contains(viewer);
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Refuses, as not found, an object the caller does not see. */
    public void requireSees(Principal caller, UUID owner, String what, UUID id) {
        if (!sees(caller, owner)) {
            throw Failure.notFound(what, "No " + what.toLowerCase() + " " + id + ".");
        }
    }

    /**
     * One page of the objects the caller sees, by the repository's order: every object for the admin;
     * for an agent those of the {@code owners} (the accounts owning at least one) in its subtree,
     * paged in SQL.
     */
    public <E> Page<E> page(Principal caller, Supplier<PanacheQuery<E>> all, Function<Set<UUID>, PanacheQuery<E>> ownedBy,
                            Supplier<List<UUID>> owners, int page, int size) {
        Page.offset(page, size);
        PanacheQuery<E> query;
        if (caller.admin()) {
            query = all.get();
        } else {
            Set<UUID> visible = visibleOwners(caller, owners.get());
            if (visible.isEmpty()) {
                return new Page<>(List.of(), page, size, 0);
            }
            query = ownedBy.apply(visible);
        }
        return new Page<>(query.page(io.quarkus.panache.common.Page.of(page, size)).list(), page, size, query.count());
    }

    /** The owners among {@code owners} the caller sees. */
    public Set<UUID> visibleOwners(Principal caller, Collection<UUID> owners) {
        return owners.stream().filter(owner -> sees(caller, owner)).collect(Collectors.toSet());
    }

    /**
     * The owner of a new object: the one asked for when the caller sees it (the admin: any account
     * accounts knows, or none for the platform), else the caller's own account (the platform for the
     * admin). An account the caller does not see is refused as one that does not exist.
     */
    public UUID ownerFor(Principal caller, UUID requested) {
        if (requested == null) {
            return caller.accountId();
        }
        if (caller.admin() ? exists(requested) : scope.visible(caller, requested)) {
            return requested;
        }
        throw Failure.invalidField("ownerAccountId", "names no account " + requested);
    }

    private boolean exists(UUID account) {
        try {
            scope.levels(account);
            return true;
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
