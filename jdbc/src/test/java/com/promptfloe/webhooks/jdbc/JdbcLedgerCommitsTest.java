package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counts the commits one delivery costs through the whole receive path, on each database: two for
 * a new delivery in dispatch mode with the JDBC ledger, one in inbox mode with the JDBC inbox.
 */
class JdbcLedgerCommitsTest {

    private static final Secret SECRET = Secret.of("whsec_commits");
    private static final int DELIVERIES = 20;

    private final List<String> tables = new ArrayList<>();
    private TestDatabase database;
    private CommitCountingDataSource dataSource;

    private CommitCountingDataSource on(TestDatabase database) {
        this.database = database;
        this.dataSource = new CommitCountingDataSource(database.reachableDataSource());
        return dataSource;
    }

    private String table(String kind) {
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_" + kind + "_");
        tables.add(table);
        return table;
    }

    @AfterEach
    void dropTables() throws SQLException {
        for (String table : tables) {
            database.drop(dataSource, table);
        }
    }

    private static Map<String, String> headers(String deliveryId, byte[] body) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(WebhookHeaders.SIGNATURE, Signer.of(SECRET).header(Clock.systemUTC().instant(), body));
        headers.put(WebhookHeaders.DELIVERY, deliveryId);
        headers.put(WebhookHeaders.EVENT, "deployment.live");
        return headers;
    }

    private static byte[] body(String eventId) {
        return ("{\"id\":\"" + eventId + "\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"url\":\"https://demo.example\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ReceiveResult send(WebhookReceiver receiver, String deliveryId, String eventId) {
        byte[] body = body(eventId);
        return receiver.receive(headers(deliveryId, body)::get, body);
    }

    private static ReceiveResult send(InboxReceiver receiver, String deliveryId, String eventId) {
        byte[] body = body(eventId);
        return receiver.receive(headers(deliveryId, body)::get, body);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aNewDeliveryInDispatchModeCostsTwoCommits(TestDatabase database) {
        CommitCountingDataSource counted = on(database);
        // A long purge interval: the purge (its own commit, at most once a minute) is not a delivery's cost.
        JdbcDeliveryLedger ledger = JdbcDeliveryLedger.builder(counted).table(table("ledger"))
                .purgeInterval(Duration.ofDays(1)).build();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).ledger(ledger).handler(event -> { })
                .build();
        assertThat(send(receiver, "deliv_warm", "evt_warm").outcome()).isEqualTo(Outcome.PROCESSED);
        counted.reset();

        for (int i = 0; i < DELIVERIES; i++) {
            assertThat(send(receiver, "deliv_" + i, "evt_" + i).outcome()).isEqualTo(Outcome.PROCESSED);
        }
        assertThat(counted.commits()).as("commits for " + DELIVERIES + " new deliveries").isEqualTo(2L * DELIVERIES);

        // A retry of a done delivery and a replay under a forged id write nothing.
        counted.reset();
        assertThat(send(receiver, "deliv_0", "evt_0").outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(send(receiver, "deliv_forged", "evt_1").outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(counted.commits()).as("commits for duplicates").isEqualTo(database == TestDatabase.POSTGRESQL
                ? 2 : 0); // PostgreSQL's ON CONFLICT DO NOTHING runs and commits an empty insert
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedDeliveryAndItsRetryCostTwoCommitsEach(TestDatabase database) {
        CommitCountingDataSource counted = on(database);
        JdbcDeliveryLedger ledger = JdbcDeliveryLedger.builder(counted).table(table("ledger"))
                .purgeInterval(Duration.ofDays(1)).build();
        boolean[] failing = {true};
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).ledger(ledger).handler(event -> {
            if (failing[0]) {
                throw new IllegalStateException("observer failed");
            }
        }).build();
        send(receiver, "deliv_warm", "evt_warm");
        counted.reset();

        assertThat(send(receiver, "deliv_1", "evt_1").outcome()).isEqualTo(Outcome.HANDLER_FAILED);
        assertThat(counted.commits()).isEqualTo(2); // insert, update to FAILED
        failing[0] = false;
        counted.reset();
        assertThat(send(receiver, "deliv_1", "evt_1").outcome()).isEqualTo(Outcome.PROCESSED);
        // The refused insert (PostgreSQL commits it empty), the takeover, the update to DONE.
        assertThat(counted.commits()).isEqualTo(database == TestDatabase.POSTGRESQL ? 3 : 2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aNewDeliveryInInboxModeCostsOneCommitAndTheLedgerIsNotAsked(TestDatabase database) {
        CommitCountingDataSource counted = on(database);
        JdbcDeliveryInbox inbox = JdbcDeliveryInbox.builder(counted).table(table("inbox")).build();
        // A JDBC ledger on the same database, as jakarta-ee configures it: inbox mode must not pay its commits.
        JdbcDeliveryLedger ledger = JdbcDeliveryLedger.builder(counted).table(table("ledger")).build();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).ledger(ledger).endpoint("orders").build();
        InboxReceiver inboxReceiver = InboxReceiver.builder(receiver, inbox).build();
        assertThat(send(inboxReceiver, "deliv_warm", "evt_warm").outcome()).isEqualTo(Outcome.QUEUED);
        counted.reset();

        for (int i = 0; i < DELIVERIES; i++) {
            assertThat(send(inboxReceiver, "deliv_" + i, "evt_" + i).outcome()).isEqualTo(Outcome.QUEUED);
        }
        assertThat(counted.commits()).as("commits for " + DELIVERIES + " stored deliveries").isEqualTo(DELIVERIES);

        assertThat(send(inboxReceiver, "deliv_0", "evt_0").outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(send(inboxReceiver, "deliv_forged", "evt_1").outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(inbox.find("orders", "deliv_forged")).isEmpty();
    }
}
