package com.promptfloe.webhooks.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InboxReceiverTest {

    private static final Secret SECRET = Secret.of("whsec_inbox_test");
    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:35:00Z"));
    private final InMemoryDeliveryInbox inbox = new InMemoryDeliveryInbox(clock);

    /** Fails the test if the inbox receiver asks it anything: the inbox's own keys deduplicate. */
    private static final DeliveryLedger UNUSED = new DeliveryLedger() {
        @Override
        public Claim begin(DeliveryKey key) {
            throw new AssertionError("inbox mode must not ask the ledger: " + key);
        }

        @Override
        public void complete(Claim claim) {
            throw new AssertionError("inbox mode must not ask the ledger");
        }

        @Override
        public void forget(Claim claim) {
            throw new AssertionError("inbox mode must not ask the ledger");
        }
    };

    private InboxReceiver node() {
        // Each call is another node; the inbox is shared, and no ledger is asked.
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).clock(clock).endpoint("orders")
                .ledger(UNUSED).retryAfter(Duration.ofSeconds(90)).build();
        return InboxReceiver.builder(receiver, inbox).clock(clock).build();
    }

    static byte[] body(String eventId) {
        return ("{\"id\":\"" + eventId + "\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"url\":\"https://demo.example\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> headers(String deliveryId, byte[] body, Secret secret) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(WebhookHeaders.SIGNATURE, Signer.of(secret).header(clock.instant(), body));
        headers.put(WebhookHeaders.DELIVERY, deliveryId);
        headers.put(WebhookHeaders.EVENT, "deployment.live");
        return headers;
    }

    private ReceiveResult send(InboxReceiver receiver, String deliveryId, String eventId) {
        byte[] body = body(eventId);
        return receiver.receive(headers(deliveryId, body, SECRET)::get, body);
    }

    @Test
    void storesAVerifiedDeliveryAndAnswers202() {
        byte[] body = body("evt_1");
        ReceiveResult result = node().receive(headers("deliv_1", body, SECRET)::get, body);

        assertThat(result.outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(result.httpStatus()).isEqualTo(202);
        assertThat(result.outcome().acknowledged()).isTrue();
        assertThat(result.event().id()).isEqualTo("evt_1");
        InboxEntry entry = inbox.find("orders", "deliv_1").orElseThrow();
        assertThat(entry.delivery()).isEqualTo(new InboxDelivery("orders", "deliv_1", "evt_1", "deployment.live",
                body, clock.instant()));
        assertThat(entry.state()).isEqualTo(InboxEntry.State.PENDING);
    }

    @Test
    void aRetryOnTheSameNodeIsADuplicateOfTheInbox() {
        InboxReceiver node = node();
        assertThat(send(node, "deliv_1", "evt_1").outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(send(node, "deliv_1", "evt_1").outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aRetryOrAReplayOnAnotherNodeIsADuplicateOfTheInbox() {
        assertThat(send(node(), "deliv_1", "evt_1").outcome()).isEqualTo(Outcome.QUEUED);

        ReceiveResult retry = send(node(), "deliv_1", "evt_1");
        assertThat(retry.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(retry.detail()).contains("in the inbox already");
        ReceiveResult forged = send(node(), "deliv_forged", "evt_1");
        assertThat(forged.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(inbox.find("orders", "deliv_forged")).isEmpty();
    }

    @Test
    void aDeliveryTheInboxCouldNotStoreIsNotAcknowledgedAndItsRetryIsStored() {
        InboxReceiver node = node();
        inbox.failNext(1);
        ReceiveResult refused = send(node, "deliv_1", "evt_1");
        assertThat(refused.outcome()).isEqualTo(Outcome.INBOX_UNAVAILABLE);
        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(refused.outcome().acknowledged()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(refused.detail()).contains("the delivery could not be stored");
        assertThat(inbox.find("orders", "deliv_1")).isEmpty();

        // Nothing remembered the delivery, so PromptFloe's retry on the same node is stored.
        assertThat(send(node, "deliv_1", "evt_1").outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(inbox.find("orders", "deliv_1")).isPresent();
    }

    @Test
    void aRefusedDeliveryIsNeverStored() {
        byte[] body = body("evt_1");
        ReceiveResult forged = node().receive(headers("deliv_1", body, Secret.of("whsec_wrong"))::get, body);
        assertThat(forged.outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
        assertThat(inbox.find("orders", "deliv_1")).isEmpty();
        assertThat(inbox.claim(Set.of("orders"), 10, Duration.ofMinutes(1))).isEmpty();
    }
}
