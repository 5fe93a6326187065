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
            Map<String, Object> container = container(find(objects, "Deployment", "rb-" + name));
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
        assertEquals(true, at(find(objects, "Deployment", "rb-media"), "spec", "template", "spec", "hostNetwork"));
        assertTrue(container(find(objects, "Deployment", "rb-media")).get("env").toString()
                .contains("name=RINGBACK_MEDIA_RTP_ADDRESS, valueFrom={fieldRef={fieldPath=status.podIP}}"),
                "media advertises the address its RTP is reachable on");
        assertTrue(container(find(objects, "Deployment", "rb-media")).get("env").toString()
                .contains("name=RINGBACK_MEDIA_INSTANCE_ID, valueFrom={fieldRef={fieldPath=metadata.name}}"),
                "each media pod names the endpoints it owns by its pod name");
        assertTrue(container(find(objects, "Deployment", "rb-accounts")).get("env").toString()
                .contains("name=RINGBACK_ACCOUNTS_ADMIN_KEY, valueFrom={secretKeyRef={name=ringback-admin, key=admin-key}}"),
                "accounts takes the admin key from its secret");
        assertFalse(container(find(objects, "Deployment", "rb-rating")).get("env").toString()
                .contains("ADMIN_KEY"), "only accounts holds the admin key");

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
    }

    @Test
    void runsEveryContainerAsNonRootOnAReadOnlyRootFileSystem() {
        List<Map<String, Object>> objects = render(new Helm(CHART).template().withName("rb"));
        for (String name : PORTS.keySet()) {
            Map<String, Object> pod = (Map<String, Object>) at(find(objects, "Deployment", "rb-" + name), "spec", "template", "spec");
            Map<String, Object> container = container(find(objects, "Deployment", "rb-" + name));
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
        Map<String, Object> signaling = container(find(objects, "Deployment", "rb-signaling"));
        assertTrue(signaling.get("env").toString().contains("name=RINGBACK_SIGNALING_SIP_PORT, value=5070"));
        assertEquals(300, at(find(objects, "Deployment", "rb-signaling"), "spec", "template", "spec", "terminationGracePeriodSeconds"));
        assertEquals(1, objects.stream().filter(object -> "Service".equals(object.get("kind"))
                && at(object, "metadata", "name").toString().endsWith("-sip")).count(), "only signaling speaks SIP");
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
    void everyRenderedObjectIsAKubernetesObjectWithNoUnknownField() {
        for (String values : List.of("ringback/values-production.yaml")) {
            for (Map<String, Object> object : render(new Helm(CHART).template().withName("rb").withValuesFile(Path.of(values)))) {
                KubernetesResource parsed = SERIALIZATION.convertValue(object, KubernetesResource.class);
                if (object.get("apiVersion").toString().startsWith("monitoring.coreos.com/")) {
                    continue; // the Prometheus Operator's kinds are not in the core model
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

    private static long count(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return (Map<String, Object>) at(deployment, "spec", "template", "spec", "containers", 0);
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
