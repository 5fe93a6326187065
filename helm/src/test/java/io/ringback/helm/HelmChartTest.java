package io.ringback.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint} and {@code helm template} of the chart, through helm-java (no helm binary). */
@SuppressWarnings("unchecked")
class HelmChartTest {

    private static final Path CHART = Path.of("ringback");
    /** The project version, which the images are tagged with (deploy/images/build.sh). */
    private static final String BUILD_VERSION = System.getProperty("ringback.version");
    private static final Path PRODUCTION = Path.of("ringback/values-production.yaml");
    private static final Path EXISTING_SECRETS = Path.of("src/test/resources/values-existing-secrets.yaml");
    private static final Path DEFAULTS = Path.of("ringback/values.yaml");
    private static final List<Path> VALUES_FILES = List.of(DEFAULTS, PRODUCTION, EXISTING_SECRETS);
    private static final Map<String, Integer> PORTS = Map.of(
            "accounts", 8081, "rating", 8082, "media", 8083, "cdr", 8084, "signaling", 8085);

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void deploysEveryServiceWithItsPortProbesAndConfiguration() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb"));

        for (Map.Entry<String, Integer> service : PORTS.entrySet()) {
            String name = service.getKey();
            int port = service.getValue();
            Map<String, Object> container = container(workload(objects, "rb-" + name));
            assertEquals("ghcr.io/ringback/ringback-" + name + ":" + BUILD_VERSION, container.get("image"),
                    "the default image is the one deploy/images/build.sh tags");
            assertEquals(port, at(container, "ports", 0, "containerPort"));
            assertEquals("/q/health/live", at(container, "livenessProbe", "httpGet", "path"));
            assertEquals("/q/health/ready", at(container, "readinessProbe", "httpGet", "path"));
            assertEquals("/q/health/started", at(container, "startupProbe", "httpGet", "path"));
            assertTrue(container.get("env").toString().contains("name=QUARKUS_HTTP_PORT, value=" + port),
                    name + " is told its port");
            assertTrue(container.get("env").toString().contains("secretKeyRef={name=ringback-database, key=password}"),
                    name + " takes the database password from the secret");
            assertTrue(container.get("env").toString().contains(
                            "name=RINGBACK_PLATFORM_SERVICE_TOKEN, valueFrom={secretKeyRef={name=ringback-service-token, key=service-token}}"),
                    name + " takes the gRPC service credential from its secret");
            assertEquals(port, at(find(objects, "Service", "rb-" + name), "spec", "ports", 0, "port"));
        }
        assertEquals(true, at(workload(objects, "rb-media"), "spec", "template", "spec", "hostNetwork"));
        assertTrue(container(workload(objects, "rb-media")).get("env").toString()
                .contains("name=RINGBACK_MEDIA_RTP_ADDRESS, valueFrom={fieldRef={fieldPath=status.podIP}}"),
                "media advertises the address its RTP is reachable on");
        assertTrue(container(workload(objects, "rb-media")).get("env").toString()
                .contains("name=RINGBACK_MEDIA_INSTANCE_ID, valueFrom={fieldRef={fieldPath=metadata.name}}"),
                "each media pod names the endpoints it owns by its pod name");
        assertTrue(container(workload(objects, "rb-accounts")).get("env").toString()
                .contains("name=RINGBACK_ACCOUNTS_ADMIN_KEY, valueFrom={secretKeyRef={name=ringback-admin, key=admin-key}}"),
                "accounts takes the admin key from its secret");
        assertFalse(container(workload(objects, "rb-rating")).get("env").toString()
                .contains("ADMIN_KEY"), "only accounts holds the admin key");
        assertTrue(container(workload(objects, "rb-signaling")).get("env").toString()
                .contains("name=RINGBACK_SIGNALING_GATEWAY_CREDENTIALS_KEY, valueFrom={secretKeyRef={name=ringback-gateway-credentials, "
                        + "key=key, optional=true}}"), "signaling takes the gateway credential key from its secret");
        assertFalse(container(workload(objects, "rb-cdr")).get("env").toString()
                .contains("GATEWAY_CREDENTIALS"), "only signaling holds the gateway credential key");

        Map<String, Object> config = find(objects, "ConfigMap", "rb-ringback");
        assertEquals("kafka:9092", at(config, "data", "KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("rb-rating", at(config, "data", "QUARKUS_GRPC_CLIENTS_RATING_HOST"));
        assertEquals("8082", at(config, "data", "QUARKUS_GRPC_CLIENTS_RATING_PORT"));
        assertEquals(0, count(objects, "Secret"), "no secret with a password is made unless one is given");
        assertEquals(0, count(objects, "ServiceMonitor"));
    }

    @Test
    void createsTheDatabaseSecretAndServiceMonitorsOnlyWhenAsked() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb")
                .set("database.password", "s3cret").set("serviceMonitor.enabled", "true"));

        assertEquals("s3cret", at(find(objects, "Secret", "ringback-database"), "stringData", "password"));
        assertEquals(5, count(objects, "ServiceMonitor"));
        assertEquals("/q/metrics", at(find(objects, "ServiceMonitor", "rb-cdr"), "spec", "endpoints", 0, "path"));
        assertEquals(List.of(Map.of("key", "app.kubernetes.io/component", "operator", "DoesNotExist")),
                at(find(objects, "ServiceMonitor", "rb-media"), "spec", "selector", "matchExpressions"),
                "the pods' headless Service is not scraped a second time");
        assertEquals("pod-names", at(find(objects, "Service", "rb-media-pods"), "metadata", "labels", "app.kubernetes.io/component"));
    }

    @Test
    void alertsOnlyOnMetricsTheServicesExport() throws java.io.IOException {
        assertEquals(0, count(render(new Helm(CHART).template().withName("rb")), "PrometheusRule"));
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").withNamespace("voice")
                .set("prometheusRule.enabled", "true").set("prometheusRule.consumerLag", "500")
                .set("services.media.rtpPorts.min", "40000").set("services.media.rtpPorts.max", "44999"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) at(find(objects, "PrometheusRule", "rb-alerts"),
                "spec", "groups", 0, "rules");
        Map<String, String> alerts = new java.util.TreeMap<>();
        rules.forEach(rule -> alerts.put((String) rule.get("alert"), (String) rule.get("expr")));
        assertEquals(List.of("RingbackCallLegsConsumerLag", "RingbackCdrOutboxBacklog", "RingbackQuoteLatency",
                "RingbackRatedCdrConsumerLag", "RingbackReservationsOverdue", "RingbackRtpPortsNearlyExhausted",
                "RingbackSettlementDeadLetters", "RingbackUnratedCdrs"), List.copyOf(alerts.keySet()));
        assertEquals("max(ringback_cdr_unrated{namespace=\"voice\"}) > 0", alerts.get("RingbackUnratedCdrs"));
        assertEquals("sum(kafka_consumer_fetch_manager_records_lag{namespace=\"voice\", job=\"rb-cdr\", "
                + "topic=~\"call[._]legs\"}) > 500", alerts.get("RingbackCallLegsConsumerLag"));
        assertEquals("max by (pod) (ringback_media_rtp_ports_in_use{namespace=\"voice\"}) / 5000 > 0.8",
                alerts.get("RingbackRtpPortsNearlyExhausted"), "the share of the configured range");

        String sources;
        try (var files = java.nio.file.Files.walk(Path.of("../services"))) {
            sources = files.filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/main/"))
                    .map(file -> {
                        try {
                            return java.nio.file.Files.readString(file);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
        for (Map.Entry<String, String> alert : alerts.entrySet()) {
            java.util.regex.Matcher metric = java.util.regex.Pattern.compile("ringback_[a-z_]+").matcher(alert.getValue());
            while (metric.find()) {
                String meter = metric.group().replaceAll("(_total|_bucket|_count|_sum)$", "")
                        .replaceAll("_seconds$", "").replace('_', '.');
                assertTrue(sources.contains("\"" + meter + "\""), alert.getKey() + " watches " + meter
                        + ", which no service registers");
            }
        }
        assertRefused(new Helm(CHART).template().withName("rb").set("prometheusRule.rtpPortsInUse", "2"), "rtpPortsInUse");
        assertRefused(new Helm(CHART).template().withName("rb").set("prometheusRule.outboxBacklog", "-1"), "outboxBacklog");
    }

    @Test
    void runsEveryContainerAsNonRootOnAReadOnlyRootFileSystem() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb"));
        for (String name : PORTS.keySet()) {
            Map<String, Object> pod = (Map<String, Object>) at(workload(objects, "rb-" + name), "spec", "template", "spec");
            Map<String, Object> container = container(workload(objects, "rb-" + name));
            assertEquals(true, at(pod, "securityContext", "runAsNonRoot"), name);
            assertEquals(185, at(pod, "securityContext", "runAsUser"), name);
            assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"), name);
            assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"), name);
            assertEquals(List.of("ALL"), at(container, "securityContext", "capabilities", "drop"), name);
            assertEquals("/tmp", at(container, "volumeMounts", 0, "mountPath"), name + " writes only to /tmp");
        }
    }

    @Test
    void exposesSipOverUdpAndTcpAndLetsCallsDrain() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").set("services.signaling.sip.port", "5070"));
        Map<String, Object> sip = find(objects, "Service", "rb-signaling-sip");
        assertEquals("LoadBalancer", at(sip, "spec", "type"));
        assertEquals(List.of("UDP:5070", "TCP:5070"), ((List<Map<String, Object>>) at(sip, "spec", "ports")).stream()
                .map(port -> port.get("protocol") + ":" + port.get("port")).toList());
        Map<String, Object> signaling = container(workload(objects, "rb-signaling"));
        assertTrue(signaling.get("env").toString().contains("name=RINGBACK_SIGNALING_SIP_PORT, value=5070"));
        assertEquals(300, at(workload(objects, "rb-signaling"), "spec", "template", "spec", "terminationGracePeriodSeconds"));
        assertEquals(1, objects.stream().filter(object -> "Service".equals(object.get("kind"))
                && at(object, "metadata", "name").toString().endsWith("-sip")).count(), "only signaling speaks SIP");
    }

    @Test
    void runsMediaOnePodPerLabelledNodeAnnouncingTheNodesAddress() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").withValuesFile(PRODUCTION));
        Map<String, Object> media = find(objects, "StatefulSet", "rb-media");
        Map<String, Object> pod = (Map<String, Object>) at(media, "spec", "template", "spec");
        assertEquals(2, at(media, "spec", "replicas"));
        assertEquals("rb-media-pods", at(media, "spec", "serviceName"), "pods named rb-media-0, -1 with a DNS name each");
        assertEquals(true, pod.get("hostNetwork"));
        assertEquals("ClusterFirstWithHostNet", pod.get("dnsPolicy"), "a host-networked pod still resolves the services");
        assertEquals(Map.of("ringback.io/media", "true"), pod.get("nodeSelector"));
        Map<String, Object> oneByNode = (Map<String, Object>) at(pod, "affinity", "podAntiAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution", 0);
        assertEquals("kubernetes.io/hostname", oneByNode.get("topologyKey"));
        assertEquals(Map.of("app.kubernetes.io/instance", "rb", "app.kubernetes.io/name", "media"),
                at(oneByNode, "labelSelector", "matchLabels"), "no two media pods on one node");
        Map<String, Object> container = container(media);
        assertEquals(Map.of("fieldPath", "status.podIP"), at(env(container, "RINGBACK_MEDIA_RTP_ADDRESS"), "valueFrom", "fieldRef"),
                "RTP binds the node's address (the pod's, with host networking)");
        assertEquals(Map.of("fieldPath", "status.hostIP"),
                at(env(container, "RINGBACK_MEDIA_RTP_ANNOUNCED_ADDRESS"), "valueFrom", "fieldRef"), "SDP announces the node's address");
        assertEquals(Map.of("fieldPath", "metadata.name"), at(env(container, "RINGBACK_MEDIA_INSTANCE_ID"), "valueFrom", "fieldRef"));
        Map<String, Object> names = find(objects, "Service", "rb-media-pods");
        assertEquals("None", at(names, "spec", "clusterIP"));
        assertEquals(Map.of("app.kubernetes.io/instance", "rb", "app.kubernetes.io/name", "media"), at(names, "spec", "selector"));
        assertEquals(8083, at(names, "spec", "ports", 0, "port"));

        Map<String, Object> natted = container(find(render(new Helm(CHART).template().withName("rb")
                .set("services.media.env.RINGBACK_MEDIA_RTP_ANNOUNCED_ADDRESS", "192.0.2.10")), "StatefulSet", "rb-media"));
        assertEquals(List.of("192.0.2.10"), ((List<Map<String, Object>>) natted.get("env")).stream()
                .filter(variable -> "RINGBACK_MEDIA_RTP_ANNOUNCED_ADDRESS".equals(variable.get("name")))
                .map(variable -> variable.get("value")).toList(), "an address of the values replaces the node's, once");
    }

    @Test
    void putsSignalingsSipOnTheNodesAddressWithHostNetworking() {
        List<Map<String, Object>> behindBalancer = render(new Helm(CHART).template().withName("rb")
                .set("services.signaling.sip.advertisedAddress", "sip.example.net"));
        Map<String, Object> signaling = find(behindBalancer, "StatefulSet", "rb-signaling");
        assertEquals("rb-signaling-pods", at(signaling, "spec", "serviceName"));
        assertEquals(null, at(signaling, "spec", "template", "spec", "hostNetwork"));
        assertEquals("sip.example.net", env(container(signaling), "RINGBACK_SIGNALING_SIP_ADVERTISED_ADDRESS").get("value"),
                "Via and Contact name the load balancer");
        find(behindBalancer, "Service", "rb-signaling-sip");
        assertEquals(List.of("http:8085", "sip-udp:5060", "sip-tcp:5060"),
                ((List<Map<String, Object>>) at(find(behindBalancer, "Service", "rb-signaling-pods"), "spec", "ports")).stream()
                        .map(port -> port.get("name") + ":" + port.get("port")).toList(), "each pod reachable by name over SIP");

        List<Map<String, Object>> onNodes = render(new Helm(CHART).template().withName("rb")
                .set("services.signaling.hostNetwork", "true").set("services.signaling.nodeSelector.ringback\\.io/sip", "edge")
                .set("services.signaling.sip.port", "5070"));
        Map<String, Object> pod = (Map<String, Object>) at(find(onNodes, "StatefulSet", "rb-signaling"), "spec", "template", "spec");
        assertEquals(true, pod.get("hostNetwork"));
        assertEquals(Map.of("ringback.io/sip", "edge"), pod.get("nodeSelector"));
        assertEquals("kubernetes.io/hostname", at(pod, "affinity", "podAntiAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution", 0, "topologyKey"), "one signaling pod per node");
        Map<String, Object> container = container(find(onNodes, "StatefulSet", "rb-signaling"));
        assertEquals(Map.of("fieldPath", "status.hostIP"),
                at(env(container, "RINGBACK_SIGNALING_SIP_ADVERTISED_ADDRESS"), "valueFrom", "fieldRef"));
        assertEquals(List.of("http:8085/TCP", "sip-udp:5070/UDP", "sip-tcp:5070/TCP"), ((List<Map<String, Object>>) container.get("ports"))
                .stream().map(port -> port.get("name") + ":" + port.get("containerPort") + "/" + port.get("protocol")).toList());
        assertEquals(0, onNodes.stream().filter(object -> "Service".equals(object.get("kind"))
                && at(object, "metadata", "name").toString().endsWith("-sip")).count(), "the nodes' addresses are the SIP addresses");
    }

    @Test
    void keepsReplicasThroughDisruptionsAndScalesTheStatelessServices() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb"));
        for (String name : List.of("accounts", "rating", "cdr")) {
            assertEquals(6, at(find(objects, "HorizontalPodAutoscaler", "rb-" + name), "spec", "maxReplicas"), name);
        }
        assertEquals(3, count(objects, "HorizontalPodAutoscaler"), "signaling and media are not autoscaled on CPU");
        assertEquals(1, at(find(objects, "PodDisruptionBudget", "rb-signaling"), "spec", "maxUnavailable"));
        assertEquals(4, count(objects, "PodDisruptionBudget"), "a one-replica media has no budget to keep");
    }

    @Test
    void connectsToKafkaOverSaslAndTlsWithCredentialsFromExistingSecrets() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").withValuesFile(EXISTING_SECRETS));
        assertEquals(0, count(objects, "Secret"), "every credential comes from a Secret that already exists");
        for (String name : PORTS.keySet()) {
            Map<String, Object> deployment = workload(objects, "rb-" + name);
            Map<String, Object> container = container(deployment);
            assertEquals("SASL_SSL", env(container, "KAFKA_SECURITY_PROTOCOL").get("value"), name);
            assertEquals("PLAIN", env(container, "KAFKA_SASL_MECHANISM").get("value"), name);
            assertEquals(Map.of("name", "voice-kafka-user", "key", "user"),
                    at(env(container, "RINGBACK_KAFKA_SASL_USERNAME"), "valueFrom", "secretKeyRef"), name);
            assertEquals(Map.of("name", "voice-kafka-user", "key", "secret"),
                    at(env(container, "RINGBACK_KAFKA_SASL_PASSWORD"), "valueFrom", "secretKeyRef"), name);
            assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"$(RINGBACK_KAFKA_SASL_USERNAME)\" password=\"$(RINGBACK_KAFKA_SASL_PASSWORD)\";",
                    env(container, "KAFKA_SASL_JAAS_CONFIG").get("value"), name + ": the JAAS line references the secret");
            assertTrue(names(container.get("env")).indexOf("RINGBACK_KAFKA_SASL_PASSWORD")
                    < names(container.get("env")).indexOf("KAFKA_SASL_JAAS_CONFIG"), "$(VAR) expands only variables defined before it");
            assertEquals("/etc/ringback/kafka-ca/ca.pem", env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").get("value"), name);
            assertEquals("PEM", env(container, "KAFKA_SSL_TRUSTSTORE_TYPE").get("value"), name);
            assertEquals("/etc/ringback/kafka-client/client.p12", env(container, "KAFKA_SSL_KEYSTORE_LOCATION").get("value"), name);
            assertEquals(Map.of("name", "voice-kafka-client", "key", "client.password"),
                    at(env(container, "KAFKA_SSL_KEYSTORE_PASSWORD"), "valueFrom", "secretKeyRef"), name);
            assertEquals(List.of("/tmp", "/etc/ringback/kafka-ca", "/etc/ringback/kafka-client"),
                    names(container.get("volumeMounts"), "mountPath"), name);
            assertEquals(List.of("tmp", "kafka-ca", "kafka-client"),
                    names(at(deployment, "spec", "template", "spec", "volumes")), name);
            assertEquals("voice-kafka-ca", at(deployment, "spec", "template", "spec", "volumes", 1, "secret", "secretName"));
            assertEquals(Map.of("name", "voice-pg-credentials", "key", "password"),
                    at(env(container, "QUARKUS_DATASOURCE_PASSWORD"), "valueFrom", "secretKeyRef"), name);
            assertEquals(Map.of("name", "voice-service-credential", "key", "service-token"),
                    at(env(container, "RINGBACK_PLATFORM_SERVICE_TOKEN"), "valueFrom", "secretKeyRef"), name);
        }
        assertEquals(Map.of("name", "voice-admin-key", "key", "admin-key"),
                at(env(container(workload(objects, "rb-accounts")), "RINGBACK_ACCOUNTS_ADMIN_KEY"), "valueFrom", "secretKeyRef"));
    }

    @Test
    void inlinesNoCredentialInAnyContainerForAnyValuesFile() {
        for (Path values : VALUES_FILES) {
            for (Map<String, Object> object : render(new Helm(CHART).template().withName("rb").withValuesFile(values))) {
                List<Map<String, Object>> containers = containers(object);
                for (Map<String, Object> container : containers) {
                    for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
                        String name = variable.get("name").toString();
                        if (name.matches(".*(PASSWORD|TOKEN|ADMIN_KEY|USERNAME)$") && !name.equals("RINGBACK_KAFKA_SASL_USERNAME")) {
                            assertTrue(variable.containsKey("valueFrom") && !variable.containsKey("value"),
                                    values + ": " + name + " of " + container.get("name") + " comes from a Secret");
                        }
                    }
                    assertFalse(container.toString().contains("s3cret"), "no password of the values is inlined");
                }
            }
        }
    }

    @Test
    void declaresTheTopicsForStrimziWithTheConfiguredPartitionsAndRetention() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").withValuesFile(PRODUCTION));
        assertEquals(6, count(objects, "KafkaTopic"), "every topic a service publishes: callback.jobs, call.legs, cdr.rated, "
                + "accounts.low-balance and the two dead-letter topics");
        assertEquals(3, at(find(objects, "KafkaTopic", "accounts-low-balance"), "spec", "partitions"));
        Map<String, Object> legs = find(objects, "KafkaTopic", "call-legs");
        assertEquals("kafka.strimzi.io/v1beta2", legs.get("apiVersion"));
        assertEquals("ringback-kafka", at(legs, "metadata", "labels", "strimzi.io/cluster"));
        assertEquals("keep", at(legs, "metadata", "annotations", "helm.sh/resource-policy"), "uninstalling keeps the records");
        assertEquals("call.legs", at(legs, "spec", "topicName"));
        assertEquals(24, at(legs, "spec", "partitions"));
        assertEquals(3, at(legs, "spec", "replicas"));
        assertEquals(Map.of("retention.ms", "604800000", "min.insync.replicas", "2", "cleanup.policy", "delete"),
                at(legs, "spec", "config"));
        assertEquals(12, at(find(objects, "KafkaTopic", "cdr-rated"), "spec", "partitions"));
        assertEquals("2592000000", at(find(objects, "KafkaTopic", "cdr-rated"), "spec", "config", "retention.ms"));
        assertEquals(0, count(render(new Helm(CHART).template().withName("rb")), "KafkaTopic"), "off by default");
        assertRefused(new Helm(CHART).template().withName("rb").set("topics.create", "strimzi"), "topics.strimziCluster");
    }

    @Test
    void createsTheTopicsInAJobAtEveryRevision() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").withValuesFile(EXISTING_SECRETS));
        Map<String, Object> job = find(objects, "Job", "rb-topics-1");
        Map<String, Object> container = containers(job).get(0);
        assertEquals("apache/kafka:4.1.2", container.get("image"));
        assertEquals("callback.jobs 6 86400000\ncall.legs 24 259200000\ncdr.rated 8 7776000000\n"
                        + "call.legs.dlq 1 2592000000\ncdr.rated.dlq 1 2592000000\naccounts.low-balance 3 604800000\n",
                env(container, "TOPICS").get("value"), "name, partitions and retention of every topic");
        assertEquals("3", env(container, "REPLICAS").get("value"));
        assertEquals("kafka-1.example.net:9094,kafka-2.example.net:9094", env(container, "KAFKA_BOOTSTRAP_SERVERS").get("value"));
        assertEquals(Map.of("name", "voice-kafka-user", "key", "secret"),
                at(env(container, "RINGBACK_KAFKA_SASL_PASSWORD"), "valueFrom", "secretKeyRef"), "the job connects as the services do");
        assertTrue(container.get("args").toString().contains("--partitions \"$partitions\""));
        assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(true, at(job, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
    }

    @Test
    void opensEachServiceOnlyToItsCallersAndSipAndRtpToTheirSources() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb").withValuesFile(PRODUCTION));
        assertEquals(5, count(objects, "NetworkPolicy"));
        Map<String, List<String>> callers = Map.of(
                "accounts", List.of("rating", "media", "cdr", "signaling"),
                "rating", List.of("accounts", "cdr", "signaling"),
                "media", List.of("signaling"), "cdr", List.of(), "signaling", List.of());
        for (Map.Entry<String, List<String>> service : callers.entrySet()) {
            Map<String, Object> policy = find(objects, "NetworkPolicy", "rb-" + service.getKey());
            assertEquals(service.getKey(), at(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name"));
            assertEquals(List.of("Ingress"), at(policy, "spec", "policyTypes"));
            List<Map<String, Object>> from = (List<Map<String, Object>>) at(policy, "spec", "ingress", 0, "from");
            assertEquals(Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "ingress-nginx")), at(from, 0, "namespaceSelector"));
            assertEquals(Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")), at(from, 1, "namespaceSelector"));
            assertEquals(service.getValue(), from.stream().skip(2)
                    .map(peer -> at(peer, "podSelector", "matchLabels", "app.kubernetes.io/name")).toList(),
                    "only the services that call " + service.getKey() + "'s gRPC API reach it");
            assertEquals(List.of(Map.of("port", "http", "protocol", "TCP")), at(policy, "spec", "ingress", 0, "ports"));
        }
        Map<String, Object> sip = (Map<String, Object>) at(find(objects, "NetworkPolicy", "rb-signaling"), "spec", "ingress", 1);
        assertEquals(List.of(Map.of("ipBlock", Map.of("cidr", "198.51.100.0/24")), Map.of("ipBlock", Map.of("cidr", "203.0.113.0/24"))),
                sip.get("from"));
        assertEquals(List.of(Map.of("port", 5060, "protocol", "UDP"), Map.of("port", 5060, "protocol", "TCP")), sip.get("ports"));
        Map<String, Object> rtp = (Map<String, Object>) at(find(objects, "NetworkPolicy", "rb-media"), "spec", "ingress", 1);
        assertEquals(List.of(Map.of("port", 20000, "endPort", 29999, "protocol", "UDP")), rtp.get("ports"));
        assertEquals(2, ((List<?>) at(find(objects, "NetworkPolicy", "rb-signaling"), "spec", "ingress")).size(),
                "signaling: its port to the REST clients and scrapers, SIP to the carriers, nothing else");

        List<Map<String, Object>> closed = render(new Helm(CHART).template().withName("rb"));
        assertEquals(null, at(find(closed, "NetworkPolicy", "rb-cdr"), "spec", "ingress"),
                "with no REST client or scraper named, nothing reaches cdr");
        assertEquals(0, count(render(new Helm(CHART).template().withName("rb").set("networkPolicy.enabled", "false")), "NetworkPolicy"));
    }

    @Test
    void givesMediaTheConfiguredRtpPortRange() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb")
                .set("services.media.rtpPorts.min", "30000").set("services.media.rtpPorts.max", "30999"));
        Map<String, Object> media = container(workload(objects, "rb-media"));
        assertEquals("30000", env(media, "RINGBACK_MEDIA_RTP_PORT_MIN").get("value"));
        assertEquals("30999", env(media, "RINGBACK_MEDIA_RTP_PORT_MAX").get("value"));
        assertEquals(List.of(Map.of("port", 30000, "endPort", 30999, "protocol", "UDP")),
                at(find(objects, "NetworkPolicy", "rb-media"), "spec", "ingress", 1, "ports"));
        assertRefused(new Helm(CHART).template().withName("rb").set("services.media.rtpPorts.min", "80"), "min");
    }

    @Test
    void everyRenderedObjectIsAKubernetesObjectWithNoUnknownField() {
        for (Path values : VALUES_FILES) {
            for (Map<String, Object> object : render(new Helm(CHART).template().withName("rb").withValuesFile(values))) {
                KubernetesResource parsed = SERIALIZATION.convertValue(object, KubernetesResource.class);
                if (object.get("apiVersion").toString().matches("(monitoring\\.coreos\\.com|kafka\\.strimzi\\.io)/.*")) {
                    continue; // the Prometheus Operator's and Strimzi's kinds are not in the core model
                }
                assertFalse(parsed instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource,
                        object.get("kind") + " is a known kind");
                assertNoUnknownField(parsed, object.get("kind") + "/" + at(object, "metadata", "name"));
            }
        }
    }

    @Test
    void theStrictParseCatchesAMisspelledField() {
        Map<String, Object> deployment = find(render(new Helm(CHART).template().withName("rb")), "Deployment", "rb-rating");
        ((Map<String, Object>) deployment.get("spec")).put("replica", 2);
        KubernetesResource parsed = SERIALIZATION.convertValue(deployment, KubernetesResource.class);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> assertNoUnknownField(parsed, "rb-rating"));
    }

    @Test
    void refusesValuesOfTheWrongTypeOrWithUnknownKeys() {
        assertRefused(new Helm(CHART).template().withName("rb").set("services.rating.replicas", "two"), "replicas");
        assertRefused(new Helm(CHART).template().withName("rb").set("services.rating.replica", "2"), "replica");
        assertRefused(new Helm(CHART).template().withName("rb").set("databse.url", "jdbc:postgresql://x/y"), "databse");
        assertRefused(new Helm(CHART).template().withName("rb").set("services.signaling.sip.serviceType", "Ingress"), "serviceType");
    }

    private static void assertRefused(com.marcnuri.helm.TemplateCommand template, String mentioned) {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, template::call);
        assertTrue(refused.getMessage().contains(mentioned), refused.getMessage());
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Every fabric8 model object keeps fields it does not know in its additional properties: none may be there. */
    private static void assertNoUnknownField(Object node, String where) {
        if (node == null) {
            return;
        }
        if (node instanceof Iterable<?> items) {
            items.forEach(item -> assertNoUnknownField(item, where));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> assertNoUnknownField(value, where));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    assertTrue(((Map<?, ?>) value).isEmpty(), where + ": unknown field(s) " + value + " in " + node.getClass().getSimpleName());
                } else {
                    assertNoUnknownField(value, where);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(where + ": " + getter, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(com.marcnuri.helm.TemplateCommand template) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(template.call())) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(object -> kind.equals(object.get("kind")) && name.equals(at(object, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** The Deployment or StatefulSet of that name. */
    private static Map<String, Object> workload(List<Map<String, Object>> objects, String name) {
        return objects.stream()
                .filter(object -> List.of("Deployment", "StatefulSet").contains(object.get("kind"))
                        && name.equals(at(object, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet named " + name));
    }

    private static long count(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return (Map<String, Object>) at(deployment, "spec", "template", "spec", "containers", 0);
    }

    /** The containers of a Deployment or Job (none for other kinds). */
    private static List<Map<String, Object>> containers(Map<String, Object> object) {
        if (!List.of("Deployment", "StatefulSet", "Job").contains(object.get("kind"))) {
            return List.of();
        }
        return (List<Map<String, Object>>) at(object, "spec", "template", "spec", "containers");
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return ((List<Map<String, Object>>) container.get("env")).stream()
                .filter(variable -> name.equals(variable.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.get("name") + " has no variable " + name));
    }

    private static List<String> names(Object items) {
        return names(items, "name");
    }

    private static List<String> names(Object items, String field) {
        return ((List<Map<String, Object>>) items).stream().map(item -> String.valueOf(item.get(field))).toList();
    }

    /** Walks maps by key and lists by index. */
    @SuppressWarnings("unchecked")
    private static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            current = step instanceof Integer index ? ((List<Object>) current).get(index)
                    : ((Map<String, Object>) current).get(step);
        }
        return current;
    }
}
