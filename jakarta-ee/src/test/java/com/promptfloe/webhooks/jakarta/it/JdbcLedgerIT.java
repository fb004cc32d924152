package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.ClosedPortDataSource;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import com.promptfloe.webhooks.jakarta.it.app.PostgresDataSource;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JDBC ledger on a real PostgreSQL: two deployments sharing one table act as two cluster nodes
 * receiving the same deliveries at once, each node's console shows what the other received (the
 * jdbc journal), and a database that cannot be reached answers 503.
 */
@ExtendWith(ArquillianExtension.class)
class JdbcLedgerIT extends ItBase {

    private static final String SECRET = "whsec_jdbc_ledger";
    private static final String PATH = "/webhooks/promptfloe";
    /** Not pfw_it_ledger: that name holds the earlier one-row-per-key layout, which this ledger refuses. */
    private static final String TABLE = "pfw_it_delivery_rows";
    /** The jdbc journal's table (the journal follows the jdbc ledger), shared like the ledger's. */
    private static final String JOURNAL_TABLE = "pfw_it_delivery_journal";

    @Deployment(name = "node-a", testable = false)
    static WebArchive nodeA() {
        return node("node-a", PostgresDataSource.class);
    }

    @Deployment(name = "node-b", testable = false)
    static WebArchive nodeB() {
        return node("node-b", PostgresDataSource.class);
    }

    @Deployment(name = "db-down", testable = false)
    static WebArchive databaseDown() {
        return node("db-down", ClosedPortDataSource.class);
    }

    private static WebArchive node(String name, Class<?> dataSource) {
        return war(name).addClasses(CallRecorder.class, Observers.class, RecorderServlet.class, dataSource)
                .addAsLibraries(jar("it.postgresql.jar", "postgresql.jar"))
                .setWebXML(new StringAsset(webXml(CONSOLE_LOGIN, "promptfloe.webhooks.secret", SECRET,
                        "promptfloe.webhooks.console.enabled", "true",
                        "promptfloe.webhooks.ledger", "jdbc",
                        "promptfloe.webhooks.ledger.datasource", "java:app/jdbc/promptfloe",
                        "promptfloe.webhooks.ledger.table", TABLE, "promptfloe.webhooks.journal.table", JOURNAL_TABLE)));
    }

    @ArquillianResource
    @OperateOnDeployment("node-a")
    URL nodeA;

    @ArquillianResource
    @OperateOnDeployment("node-b")
    URL nodeB;

    @ArquillianResource
    @OperateOnDeployment("db-down")
    URL databaseDown;

    @BeforeEach
    void postgresIsUp() throws Exception {
        Postgres.execute("SELECT 1");
    }

    @Test
    @Tag("console-users") // logs in to the console: runs where the server configuration has its users
    void eachNodesConsoleShowsWhatTheOtherReceivedAndTakesItsCsrfToken() throws Exception {
        String deliveryId = uniqueId("dlv");
        assertThat(post(nodeA, PATH, SECRET, deliveryId, live(uniqueId("evt"), "app")).statusCode()).isEqualTo(200);
        String path = "/promptfloe-console/api/deliveries?q=" + deliveryId;
        awaitTrue("node-b's console to list the delivery node-a received",
                () -> console(nodeB, "GET", path, "vera", null, null).body().contains("\"deliveryId\":\"" + deliveryId));
        assertThat(console(nodeB, "GET", path, "vera", null, null).body()).contains("\"outcome\":\"processed\"");

        String tokenFromA = console(nodeA, "GET", "/promptfloe-console/api/overview", "ada", null, null).headers()
                .firstValue("X-CSRF-Token").orElseThrow();
        // Past every check on node-b with node-a's token: in dispatch mode there is nothing to re-drive (409).
        HttpResponse<String> onB = console(nodeB, "POST", "/promptfloe-console/api/inbox/redrive", "ada", tokenFromA,
                "endpoint=default&deliveryId=" + deliveryId);
        assertThat(onB.statusCode()).isEqualTo(409);
    }

    @Test
    void twoNodesProcessEachConcurrentDeliveryExactlyOnce() throws Exception {
        int deliveries = 8;
        int copiesPerNode = 2;
        List<String> eventIds = new ArrayList<>();
        List<String> deliveryIds = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            eventIds.add(uniqueId("evt"));
            deliveryIds.add(uniqueId("dlv"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2 * copiesPerNode);
        List<List<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                String body = live(eventIds.get(i), "app");
                String deliveryId = deliveryIds.get(i);
                // Every copy waits for the others, so they reach the two nodes as close together as possible.
                CyclicBarrier start = new CyclicBarrier(2 * copiesPerNode);
                List<Callable<HttpResponse<String>>> copies = new ArrayList<>();
                for (URL node : List.of(nodeA, nodeB)) {
                    for (int c = 0; c < copiesPerNode; c++) {
                        copies.add(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return post(node, PATH, SECRET, deliveryId, body);
                        });
                    }
                }
                List<HttpResponse<String>> responses = new ArrayList<>();
                for (Future<HttpResponse<String>> future : pool.invokeAll(copies)) {
                    responses.add(future.get());
                }
                answers.add(responses);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < deliveries; i++) {
            String id = eventIds.get(i);
            List<String> bodies = answers.get(i).stream().map(r -> r.statusCode() + " " + r.body()).toList();
            assertThat(bodies).as("answers to delivery %s", deliveryIds.get(i))
                    .containsOnlyOnce("200 " + json(200, "processed"))
                    .allMatch(b -> b.equals("200 " + json(200, "processed")) || b.equals("200 " + json(200, "duplicate"))
                            || b.equals("409 " + json(409, "in_flight")));
            assertThat(count(nodeA, "live:" + id) + count(nodeB, "live:" + id))
                    .as("observer calls for %s on both nodes together", id).isEqualTo(1);
        }
        // Once settled, a retry on either node is a duplicate and reaches no observer.
        for (int i = 0; i < deliveries; i++) {
            for (URL node : List.of(nodeA, nodeB)) {
                HttpResponse<String> retry = post(node, PATH, SECRET, deliveryIds.get(i), live(eventIds.get(i), "app"));
                assertThat(retry.statusCode()).isEqualTo(200);
                assertThat(retry.body()).isEqualTo(json(200, "duplicate"));
            }
            String id = eventIds.get(i);
            assertThat(count(nodeA, "any:" + id) + count(nodeB, "any:" + id)).isEqualTo(1);
        }
        // The ledger keeps one row per delivery, holding both ids, DONE after one attempt.
        try (var connection = Postgres.connect(); var statement = connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE state = 'DONE' AND delivery_id = ? AND attempts = 1), count(*) FROM "
                        + TABLE + " WHERE delivery_id = ? OR event_id = ?")) {
            for (int i = 0; i < deliveries; i++) {
                statement.setString(1, deliveryIds.get(i));
                statement.setString(2, deliveryIds.get(i));
                statement.setString(3, eventIds.get(i));
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(2)).as("rows of %s in %s", deliveryIds.get(i), TABLE).isEqualTo(1);
                    assertThat(rows.getInt(1)).as("DONE row of %s in %s", deliveryIds.get(i), TABLE).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void anUnreachableDatabaseAnswers503WithRetryAfterAndAcknowledgesNothing() throws Exception {
        String id = uniqueId("evt");
        String deliveryId = uniqueId("dlv");

        HttpResponse<String> first = post(databaseDown, PATH, SECRET, deliveryId, live(id, "app"));
        HttpResponse<String> retry = post(databaseDown, PATH, SECRET, deliveryId, live(id, "app"));

        for (HttpResponse<String> response : List.of(first, retry)) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo(json(503, "ledger_unavailable"));
            assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        }
        assertThat(count(databaseDown, "any:" + id)).isZero();
        assertThat(count(databaseDown, "live-attempt:" + id)).isZero();
    }
}
