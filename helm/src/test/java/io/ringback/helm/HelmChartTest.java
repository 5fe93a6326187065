package io.ringback.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint} and {@code helm template} of the chart, through helm-java (no helm binary). */
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
