package io.ringback.signaling.adapter.sip;

import io.ringback.signaling.adapter.persistence.GatewayEntity;
import io.ringback.signaling.adapter.persistence.GatewayRepository;
import io.ringback.signaling.app.CredentialCipher;
import io.ringback.signaling.core.sip.DigestCredentials;
import io.ringback.signaling.core.sip.TrunkNumbering;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The gateways as trunks: a gateway row read and its digest password opened. */
@ApplicationScoped
public class GatewayTrunks {

    private final GatewayRepository gateways;
    private final CredentialCipher cipher;

    public GatewayTrunks(GatewayRepository gateways, CredentialCipher cipher) {
        this.gateways = gateways;
        this.cipher = cipher;
    }

    /** The enabled gateway's trunk; empty when there is no such gateway or it is disabled. */
    @Transactional
    public Optional<Trunk> trunk(UUID gatewayId) {
        GatewayEntity gateway = gateways.findById(gatewayId);
        if (gateway == null || !gateway.enabled) {
            return Optional.empty();
        }
        DigestCredentials credentials = gateway.digestUsername == null || gateway.digestPassword == null ? null
                : new DigestCredentials(gateway.digestUsername, cipher.open(gateway.id, gateway.digestPassword));
        return Optional.of(new Trunk(gateway.host, gateway.port, gateway.transport.toLowerCase(Locale.ROOT),
                new TrunkNumbering(gateway.stripPrefix, gateway.addPrefix,
                        TrunkNumbering.Format.valueOf(gateway.numberFormat)), credentials));
    }
}
