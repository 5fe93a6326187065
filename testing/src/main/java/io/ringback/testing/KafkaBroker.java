package io.ringback.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.testcontainers.kafka.KafkaContainer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One real Kafka broker per test JVM, chosen in this order:
 * <ol>
 *   <li>an existing broker named by {@value #BOOTSTRAP_ENV};</li>
 *   <li>a Testcontainers Kafka (apache/kafka, KRaft) where a Docker engine runs;</li>
 *   <li>a single-node KRaft broker inside this JVM ({@link KafkaClusterTestKit}): the real broker
 *       code, on a real socket, without Docker.</li>
 * </ol>
 */
public final class KafkaBroker {

    public static final String BOOTSTRAP_ENV = "RINGBACK_TEST_KAFKA_BOOTSTRAP";

    /** Kept referenced so that the levels set on them are not garbage collected with them. */
    private static final Logger[] QUIET = {Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger")};

    private static String bootstrapServers;

    private KafkaBroker() {
    }

    /** The broker's bootstrap servers, starting the broker on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
        }
        return bootstrapServers;
    }

    private static String start() {
        String existing = System.getenv(BOOTSTRAP_ENV);
        if (existing != null && !existing.isBlank()) {
            return existing;
        }
        if (DockerEngine.available()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
            return container.getBootstrapServers();
        }
        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        keepTestJvmAlive();
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Kafka test broker did not stop cleanly", e);
                }
            }, "kafka-testkit-stop"));
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM KRaft broker", e);
        }
    }

    /**
     * The broker's code ends its process on a fatal fault (a log directory it can no longer
     * write, say, as it can happen while the JVM's shutdown hooks stop the broker and delete its
     * directories). Inside a test JVM that halt would turn a finished, passing test run into a
     * failed fork with no message; the fault is logged instead, so a broker failure during a
     * test shows as that test's failure with its cause.
     */
    private static void keepTestJvmAlive() {
        Logger log = Logger.getLogger(KafkaBroker.class.getName());
        Exit.setExitProcedure((status, message) -> log.severe(
                "in-JVM Kafka broker asked to exit with status " + status + ": " + message));
        Exit.setHaltProcedure((status, message) -> log.severe(
                "in-JVM Kafka broker asked to halt with status " + status + ": " + message));
    }
}
