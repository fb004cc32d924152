package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is ever lost: a node in inbox mode acknowledges deliveries, is killed while
 * its handlers run, and a node started afterwards on the same PostgreSQL tables processes every
 * acknowledged delivery exactly once. Each node is a JVM of its own ({@link InboxNodeMain}).
 */
class InboxRestartTest {

    private static final String SECRET = "whsec_restart_test";
    private static final int DELIVERIES = 20;

    private final DataSource dataSource = TestDatabase.POSTGRESQL.reachableDataSource();
    private final String inboxTable = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_inbox_");
    private final String ledgerTable = TestDatabase.uniqueTable();
    private final String completions = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_done_");
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Node node : nodes) {
            node.kill();
        }
        for (String table : List.of(inboxTable, ledgerTable, completions)) {
            TestDatabase.POSTGRESQL.drop(dataSource, table);
        }
    }

    @Test
    void everyAcknowledgedDeliveryIsProcessedExactlyOnceAfterTheNodeIsKilledMidHandler() throws Exception {
        execute("CREATE TABLE " + completions + " (event_id VARCHAR(255) NOT NULL, delivery_id VARCHAR(128)"
                + " NOT NULL, pid BIGINT NOT NULL)");

        Node first = start("block");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String eventId = "evt_restart_" + i;
            HttpResponse<String> response = send(http, first.port, "deliv_restart_" + i, eventId);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(response.body()).isEqualTo("queued");
            acknowledged.add(eventId);
        }
        // PromptFloe's retry of an acknowledged delivery is acknowledged again, not stored twice.
        HttpResponse<String> retry = send(http, first.port, "deliv_restart_0", "evt_restart_0");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);

        // Every handler slot is busy, and the rest waits in the inbox: now the node dies.
        first.awaitStarted(InboxNodeMain.HANDLERS);
        first.kill();
        assertThat(count("SELECT COUNT(*) FROM " + completions)).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + inboxTable + " WHERE state = 'CLAIMED'"))
                .isEqualTo(InboxNodeMain.HANDLERS);
        assertThat(count("SELECT COUNT(*) FROM " + inboxTable + " WHERE state = 'PENDING'"))
                .isEqualTo(DELIVERIES - InboxNodeMain.HANDLERS);

        Node second = start("complete");
        await("every acknowledged delivery is done",
                () -> count("SELECT COUNT(*) FROM " + inboxTable + " WHERE state = 'DONE'") == DELIVERIES);

        Map<String, Integer> completed = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT event_id, COUNT(*), MIN(pid), MAX(pid) FROM "
                        + completions + " GROUP BY event_id")) {
            while (rows.next()) {
                completed.put(rows.getString(1), rows.getInt(2));
                assertThat(rows.getLong(3)).isEqualTo(rows.getLong(4)).isEqualTo(second.process.pid());
            }
        }
        assertThat(completed.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(completed).allSatisfy((event, times) -> assertThat(times).as(event).isEqualTo(1));
        assertThat(count("SELECT COUNT(*) FROM " + completions)).isEqualTo(DELIVERIES);
    }

    private HttpResponse<String> send(HttpClient http, int port, String deliveryId, String eventId)
            throws IOException, InterruptedException {
        byte[] body = ("{\"id\":\"" + eventId + "\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"url\":\"https://demo.example\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + InboxNodeMain.PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(WebhookHeaders.SIGNATURE, Signer.of(Secret.of(SECRET)).header(Instant.now(), body))
                .header(WebhookHeaders.DELIVERY, deliveryId)
                .header(WebhookHeaders.EVENT, "deployment.live")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Node start(String mode) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        File log = Path.of("target", "inbox-node-" + mode + "-" + inboxTable + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath,
                InboxNodeMain.class.getName(), mode, inboxTable, ledgerTable, completions, SECRET)
                .redirectError(ProcessBuilder.Redirect.to(log));
        Node node = new Node(builder.start(), log);
        nodes.add(node);
        node.awaitPort();
        return node;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private int count(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 seconds: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A node's process and what it printed. */
    private static final class Node {
        final Process process;
        final File log;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        int port;

        Node(Process process, File log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process was killed
                }
            }, "inbox-node-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitPort() throws InterruptedException {
            String line = next("PORT ");
            port = Integer.parseInt(line.substring("PORT ".length()).trim());
        }

        void awaitStarted(int handlers) throws InterruptedException {
            for (int i = 0; i < handlers; i++) {
                next("STARTED ");
            }
        }

        private String next(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    throw new AssertionError("the node exited with " + process.exitValue() + " before printing '"
                            + prefix + "'; its log is " + log.getAbsolutePath());
                }
            }
            throw new AssertionError("the node did not print '" + prefix + "' within 60 seconds; its log is "
                    + log.getAbsolutePath());
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("node killed").isTrue();
            }
        }
    }
}
