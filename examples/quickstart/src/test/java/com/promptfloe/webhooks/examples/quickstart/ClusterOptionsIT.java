package com.promptfloe.webhooks.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.promptfloe.webhooks.emulator.DemoResult;
import com.promptfloe.webhooks.emulator.DemoResult.Kind;
import com.promptfloe.webhooks.examples.runner.Launcher;

/**
 * The launcher's cluster options run the same WAR unchanged: {@code --mode inbox} on its own
 * in-memory H2, and {@code --jdbc-url} giving the jdbc ledger a PostgreSQL DataSource.
 */
class ClusterOptionsIT {

    private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String TABLE_KEY = "promptfloe.webhooks.ledger.table";

    private final Path war = Path.of(System.getProperty("example.war",
            "target/promptfloe-webhooks-example-quickstart.war"));

    @Test
    void inboxModeWithoutADatabaseQueuesOnH2AndTheObserversSeeEachDeliveryOnce() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Launcher.Started started;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            started = Launcher.start(new String[] {"--war", war.toString(), "--port", "0", "--mode", "inbox"}, out);
        }
        try {
            String output = buffer.toString(StandardCharsets.UTF_8);
            assertThat(output).contains("mode inbox, inbox on:  jdbc:h2:mem:");
            DemoResult demo = started.demo().orElseThrow();
            assertThat(demo.allAsExpected()).as(output).isTrue();
            List<String> queued = demo.items().stream()
                    .filter(item -> item.kind() == Kind.VALID || item.kind() == Kind.UNKNOWN_TYPE)
                    .map(item -> item.deliveries().get(0))
                    .peek(result -> assertThat(result.lastAttempt().status()).isEqualTo(202))
                    .map(result -> result.deliveryId()).toList();
            assertThat(queued).hasSizeGreaterThanOrEqualTo(5);

            String received = awaitReceived(started, queued);
            for (String deliveryId : queued) {
                assertThat(received.split("\"observer\":\"onAnyEvent\"[^}]*\"deliveryId\":\"" + deliveryId + "\"", -1))
                        .as("onAnyEvent once for %s in %s", deliveryId, received).hasSize(2);
            }
        } finally {
            started.server().close();
        }
    }

    @Test
    void aJdbcUrlGivesTheLedgerAPooledDataSourceSharedThroughTheDatabase() throws Exception {
        String table = "pf_ledger_cluster_options_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        try (Connection connection = postgresql()) {
            assertThat(connection.isValid(5)).isTrue();
        }
        System.setProperty(TABLE_KEY, table);
        Launcher.Started started = null;
        try {
            started = Launcher.start(new String[] {"--war", war.toString(), "--port", "0", "--jdbc-url", POSTGRESQL,
                    "--jdbc-user", "postgres"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            DemoResult demo = started.demo().orElseThrow();
            assertThat(demo.allAsExpected()).isTrue();
            long processed = demo.items().stream().flatMap(item -> item.deliveries().stream())
                    .filter(result -> "processed".equals(result.lastAttempt().reason())).count();
            try (Connection connection = postgresql(); Statement select = connection.createStatement();
                    ResultSet rows = select.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                assertThat(rows.getLong(1)).as("one ledger row per processed delivery").isEqualTo(processed);
            }
        } finally {
            System.clearProperty(TABLE_KEY);
            if (started != null) {
                started.server().close();
            }
            try (Connection connection = postgresql(); Statement drop = connection.createStatement()) {
                drop.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private static Connection postgresql() {
        try {
            return DriverManager.getConnection(POSTGRESQL, "postgres", "");
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + POSTGRESQL + " as user postgres: start it "
                    + "(e.g. pg_ctlcluster 15 main start) or see the README's Testing section", e);
        }
    }

    private static String awaitReceived(Launcher.Started started, List<String> deliveryIds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String body;
        do {
            body = http.send(HttpRequest.newBuilder(started.server().receivedUri()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String seen = body;
            if (deliveryIds.stream().allMatch(seen::contains)) {
                return body;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the inbox worker did not run the observers for " + deliveryIds
                + " within 60 seconds; /received answers " + body);
    }
}
