package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import com.promptfloe.webhooks.jakarta.it.app.PostgresDataSource;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import com.promptfloe.webhooks.jakarta.it.app.RequestScopedObserver;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inbox mode on a real PostgreSQL: deliveries are answered 202 at once and observed afterwards by
 * the worker, failing observers are retried with backoff, and one that always fails ends DEAD.
 */
@ExtendWith(ArquillianExtension.class)
class InboxModeIT extends ItBase {

    private static final String SECRET = "whsec_inbox_mode";
    private static final String PATH = "/webhooks/promptfloe";
    private static final String TABLE = "pfw_it_inbox";
    private static final int MAX_ATTEMPTS = 3;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // The inbox has no DataSource key of its own here: it takes the ledger's.
        return war("inbox-mode").addClasses(CallRecorder.class, Observers.class, RecorderServlet.class,
                        RequestScopedObserver.class, RequestScopedObserver.Scratch.class, PostgresDataSource.class)
                .addAsLibraries(jar("it.postgresql.jar", "postgresql.jar"))
                .setWebXML(new StringAsset(webXml(CONSOLE_LOGIN, "promptfloe.webhooks.secret", SECRET,
                        "promptfloe.webhooks.console.enabled", "true",
                        "promptfloe.webhooks.journal.table", "pfw_it_inbox_journal", // the jdbc journal: mode inbox
                        "promptfloe.webhooks.mode", "inbox",
                        "promptfloe.webhooks.ledger", "jdbc",
                        "promptfloe.webhooks.ledger.datasource", "java:app/jdbc/promptfloe",
                        "promptfloe.webhooks.ledger.table", "pfw_it_inbox_ledger",
                        "promptfloe.webhooks.inbox.table", TABLE,
                        "promptfloe.webhooks.inbox.max-attempts", Integer.toString(MAX_ATTEMPTS),
                        "promptfloe.webhooks.inbox.initial-backoff", "200ms",
                        "promptfloe.webhooks.inbox.max-backoff", "1s",
                        "promptfloe.webhooks.inbox.poll-interval", "100ms")));
    }

    @ArquillianResource
    URL base;

    @BeforeEach
    void postgresIsUp() throws Exception {
        Postgres.execute("SELECT 1");
    }

    @Test
    void aDeliveryIsQueuedWith202ThenObservedOnceInARequestContext() throws Exception {
        String id = uniqueId("evt");
        String deliveryId = uniqueId("dlv");

        HttpResponse<String> response = post(base, PATH, SECRET, deliveryId, live(id, "app"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(json(202, "queued"));
        awaitTrue("the worker to fire " + id, () -> count(base, "any:" + id) == 1);
        assertThat(count(base, "live:" + id)).isEqualTo(1);
        assertThat(count(base, "request-scope:" + id)).isEqualTo(1);
        awaitTrue("the inbox row of " + deliveryId + " to be DONE", () -> "DONE".equals(row(deliveryId).state));

        HttpResponse<String> retry = post(base, PATH, SECRET, deliveryId, live(id, "app"));

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "live-attempt:" + id)).isEqualTo(1);
    }

    @Test
    void anObserverFailingTwiceIsRetriedWithBackoffAndProcessedOnce() throws Exception {
        String id = uniqueId("evt");
        String deliveryId = uniqueId("dlv");

        HttpResponse<String> response = post(base, PATH, SECRET, deliveryId, live(id, "fail-twice"));

        assertThat(response.statusCode()).isEqualTo(202);
        awaitTrue("the third attempt at " + id + " to succeed", () -> count(base, "live:" + id) == 1);
        awaitTrue("the inbox row of " + deliveryId + " to be DONE", () -> "DONE".equals(row(deliveryId).state));
        assertThat(row(deliveryId).attempts).isEqualTo(3);
        assertThat(count(base, "live-attempt:" + id)).isEqualTo(3);
        assertThat(count(base, "any:" + id)).isEqualTo(1);
    }

    @Test
    void anObserverThatAlwaysFailsEndsDeadAfterMaxAttempts() throws Exception {
        String id = uniqueId("evt");
        String deliveryId = uniqueId("dlv");

        HttpResponse<String> response = post(base, PATH, SECRET, deliveryId, live(id, "always-fail"));

        assertThat(response.statusCode()).isEqualTo(202);
        awaitTrue("the inbox row of " + deliveryId + " to be DEAD", () -> "DEAD".equals(row(deliveryId).state));
        Row dead = row(deliveryId);
        assertThat(dead.attempts).isEqualTo(MAX_ATTEMPTS);
        assertThat(dead.lastError).contains("observer failure the test asked for");
        assertThat(count(base, "live-attempt:" + id)).isEqualTo(MAX_ATTEMPTS);
        assertThat(count(base, "any:" + id)).isZero();
    }

    @Test
    @Tag("console-users") // logs in to the console: runs where the server configuration has its users
    void aDeadEntryReDrivenFromTheConsoleGetsFreshAttempts() throws Exception {
        String id = uniqueId("evt");
        String deliveryId = uniqueId("dlv");
        assertThat(post(base, PATH, SECRET, deliveryId, live(id, "always-fail")).statusCode()).isEqualTo(202);
        awaitTrue("the inbox row of " + deliveryId + " to be DEAD", () -> "DEAD".equals(row(deliveryId).state));

        HttpResponse<String> deadList = console(base, "GET", "/promptfloe-console/inbox?state=DEAD", "ada", null, null);
        assertThat(deadList.statusCode()).isEqualTo(200);
        assertThat(deadList.body()).contains("<tr data-delivery-id=\"" + deliveryId + "\"", "<form class=\"redrive\"");
        String token = deadList.headers().firstValue("X-CSRF-Token").orElseThrow();
        HttpResponse<String> redrive = console(base, "POST", "/promptfloe-console/inbox/redrive", "ada", null,
                "endpoint=default&deliveryId=" + deliveryId + "&_csrf=" + token);
        assertThat(redrive.statusCode()).isEqualTo(303);

        awaitTrue("three more attempts at " + id, () -> count(base, "live-attempt:" + id) == 2 * MAX_ATTEMPTS);
        awaitTrue("the inbox row of " + deliveryId + " to be DEAD again", () -> "DEAD".equals(row(deliveryId).state));
        // The jdbc journal writes from a queue: poll until the worker's attempts are there.
        String journal = "/promptfloe-console/api/deliveries?q=" + deliveryId;
        awaitTrue("the journal to hold the request and the worker's attempts", () -> {
            String body = console(base, "GET", journal, "vera", null, null).body();
            return body.contains("\"source\":\"inbox\"") && body.contains("\"outcome\":\"handler_failed\"")
                    && body.contains("\"outcome\":\"queued\"");
        });
    }

    private record Row(String state, int attempts, String lastError) {
    }

    private static Row row(String deliveryId) throws Exception {
        try (Connection connection = Postgres.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT state, attempts, last_error FROM " + TABLE + " WHERE endpoint = 'default' AND delivery_id = ?")) {
            statement.setString(1, deliveryId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Row(rows.getString(1), rows.getInt(2), rows.getString(3)) : new Row(null, 0, null);
            }
        } catch (java.sql.SQLException e) {
            // The inbox creates its table on the first delivery; until then there is no row to see.
            return new Row(null, 0, null);
        }
    }
}
