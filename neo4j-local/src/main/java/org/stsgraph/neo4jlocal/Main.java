package org.stsgraph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with only the Bolt connector, bound to loopback.
 *
 * <p>Machines without a Docker engine use this instead of the neo4j:5.26 image; the Python
 * side ({@code stsgraph neo4j start}) builds and starts it, and waits for Bolt to answer.
 * Authentication is off because the listener only accepts loopback connections.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.dataDir);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(options.dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(options.host, options.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(options.host, options.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(options.pageCacheMb))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(options.txTimeoutSeconds))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-local: shutting down");
            service.shutdown();
            System.out.println("neo4j-local: stopped");
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        System.out.printf("neo4j-local: ready bolt://%s:%d data=%s%n",
                options.host, options.port, options.dataDir.toAbsolutePath());
        System.out.flush();
        stopped.await();
    }

    /** Command-line options: --host, --port, --data, --page-cache-mb, --tx-timeout-seconds. */
    private record Options(String host, int port, Path dataDir, long pageCacheMb, long txTimeoutSeconds) {
        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 7687;
            Path data = Path.of(".neo4j-local", "data");
            long pageCache = 512;
            long txTimeout = 300;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--host" -> { host = require(args[i], value); i++; }
                    case "--port" -> { port = Integer.parseInt(require(args[i], value)); i++; }
                    case "--data" -> { data = Path.of(require(args[i], value)); i++; }
                    case "--page-cache-mb" -> { pageCache = Long.parseLong(require(args[i], value)); i++; }
                    case "--tx-timeout-seconds" -> { txTimeout = Long.parseLong(require(args[i], value)); i++; }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(host, port, data, pageCache, txTimeout);
        }

        private static String require(String flag, String value) {
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return value;
        }
    }
}
