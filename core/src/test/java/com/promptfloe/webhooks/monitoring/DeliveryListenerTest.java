package com.promptfloe.webhooks.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Admission;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.inbox.InMemoryDeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxDelivery;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import com.promptfloe.webhooks.inbox.InboxWorker;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.LedgerException;
import com.promptfloe.webhooks.ledger.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Every answer the receive path gives is heard exactly once, with the facts that led to it. */
class DeliveryListenerTest {

    private static final Secret SECRET = Secret.of("whsec_listener_test");
    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:35:00Z"));
    private final RecordingListener listener = new RecordingListener();
    private final AtomicBoolean ledgerDown = new AtomicBoolean();
    private final DeliveryLedger ledger = new FailingLedger(CaffeineDeliveryLedger.builder().clock(clock).build());

    private WebhookReceiver receiver() {
        return WebhookReceiver.builder().secret(SECRET).clock(clock).ledger(ledger).listener(listener)
                .handler(event -> {
                    if (event.id().startsWith("evt_fail")) {
                        throw new IllegalStateException("observer failed");
                    }
                }).build();
    }

    private static byte[] body(String eventId, String type) {
        return ("{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> headers(String deliveryId, String type, String signature) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (signature != null) {
            headers.put(WebhookHeaders.SIGNATURE, signature);
        }
        headers.put(WebhookHeaders.DELIVERY, deliveryId);
        headers.put(WebhookHeaders.EVENT, type);
        return headers;
    }

    private ReceiveResult send(WebhookReceiver receiver, String deliveryId, String eventId, Instant signedAt) {
        byte[] body = body(eventId, "deployment.live");
        return receiver.receive(headers(deliveryId, "deployment.live", Signer.of(SECRET).header(signedAt, body))::get,
                body);
    }

    @Test
    void everyRowOfTheStatusTableIsHeardOnceAsWhatWasAnswered() {
        WebhookReceiver receiver = receiver();
        Map<Outcome, ReceiveResult> answers = new java.util.EnumMap<>(Outcome.class);
        answers.put(Outcome.METHOD_NOT_ALLOWED, receiver.refuse(Outcome.METHOD_NOT_ALLOWED, "GET"));
        answers.put(Outcome.UNSUPPORTED_MEDIA_TYPE, receiver.refuse(Outcome.UNSUPPORTED_MEDIA_TYPE, "text/plain"));
        answers.put(Outcome.PAYLOAD_TOO_LARGE, receiver.refuse(Outcome.PAYLOAD_TOO_LARGE, "2 MiB"));
        byte[] body = body("evt_x", "deployment.live");
        answers.put(Outcome.MISSING_HEADER, receiver.receive(headers("d_missing", "deployment.live", null)::get, body));
        answers.put(Outcome.INVALID_HEADER, receiver.receive(headers(" ", "deployment.live", "t=1,v1=00")::get, body));
        answers.put(Outcome.SIGNATURE_MALFORMED, receiver.receive(headers("d_bad", "deployment.live", "nonsense")::get,
                body));
        answers.put(Outcome.SIGNATURE_MISMATCH, receiver.receive(headers("d_wrong", "deployment.live",
                Signer.of(Secret.of("whsec_other")).header(clock.instant(), body))::get, body));
        answers.put(Outcome.SIGNATURE_OUTSIDE_TOLERANCE, send(receiver, "d_old", "evt_old",
                clock.instant().minus(Duration.ofMinutes(10))));
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        answers.put(Outcome.MALFORMED_PAYLOAD, receiver.receive(headers("d_json", "deployment.live",
                Signer.of(SECRET).header(clock.instant(), notJson))::get, notJson));
        answers.put(Outcome.TYPE_MISMATCH, receiver.receive(headers("d_type", "app.failed",
                Signer.of(SECRET).header(clock.instant(), body))::get, body));
        answers.put(Outcome.PROCESSED, send(receiver, "d_ok", "evt_ok", clock.instant()));
        answers.put(Outcome.DUPLICATE, send(receiver, "d_ok", "evt_ok", clock.instant()));
        answers.put(Outcome.HANDLER_FAILED, send(receiver, "d_fail", "evt_fail", clock.instant()));
        Admission held = receiver.admit(headers("d_held", "deployment.live",
                Signer.of(SECRET).header(clock.instant(), body))::get, body);
        answers.put(Outcome.IN_FLIGHT, send(receiver, "d_held", "evt_x", clock.instant()));
        held.complete();
        ledgerDown.set(true);
        answers.put(Outcome.LEDGER_UNAVAILABLE, send(receiver, "d_down", "evt_down", clock.instant()));
        ledgerDown.set(false);

        answers.forEach((expected, answer) -> assertThat(answer.outcome()).as("answer").isEqualTo(expected));
        assertThat(listener.outcomes()).containsExactly("method_not_allowed", "unsupported_media_type",
                "payload_too_large", "missing_header", "invalid_header", "signature_malformed", "signature_mismatch",
                "timestamp_outside_tolerance", "malformed_payload", "type_mismatch", "processed", "duplicate",
                "handler_failed", "in_flight", "processed", "ledger_unavailable");
        assertThat(listener.facts.stream().filter(f -> f.endsWith(" received"))).hasSize(16);
        // Only the rows that come from the receive path are missing; the inbox ones are heard below.
        Set<Outcome> heard = EnumSet.copyOf(answers.keySet());
        assertThat(EnumSet.complementOf(EnumSet.copyOf(heard)))
                .containsExactlyInAnyOrder(Outcome.QUEUED, Outcome.INBOX_UNAVAILABLE);
    }

    @Test
    void aDuplicateIsNotHeardAsProcessedAndAFailingObserverIsHeardWithItsException() {
        WebhookReceiver receiver = receiver();
        send(receiver, "d_1", "evt_1", clock.instant());
        send(receiver, "d_1", "evt_1", clock.instant());
        send(receiver, "d_2", "evt_fail_2", clock.instant());

        assertThat(listener.facts).containsExactly(
                "default received", "default event deployment.live", "default handled ok", "default finished processed",
                "default received", "default event deployment.live", "default finished duplicate",
                "default received", "default event deployment.live", "default handled IllegalStateException",
                "default finished handler_failed");
    }

    @Test
    void theSignatureAgeIsHeardInToleranceAndOutsideIt() {
        WebhookReceiver receiver = receiver();
        send(receiver, "d_1", "evt_1", clock.instant().minusSeconds(42));
        send(receiver, "d_2", "evt_2", clock.instant().minus(Duration.ofMinutes(7)));
        send(receiver, "d_3", "evt_3", clock.instant().plusSeconds(3));

        assertThat(listener.ages).containsExactly(Duration.ofSeconds(42), Duration.ofMinutes(7),
                Duration.ofSeconds(-3));
    }

    @Test
    void theInboxAnswersAreHeardAsQueuedDuplicateOrUnavailableAndTheWorkerAttemptsSeparately() {
        InMemoryDeliveryInbox inbox = new InMemoryDeliveryInbox(clock);
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).clock(clock).ledger(ledger)
                .endpoint("orders").listener(listener).build();
        InboxReceiver inboxReceiver = InboxReceiver.builder(receiver, inbox).clock(clock).build();
        byte[] body = body("evt_1", "deployment.live");
        Map<String, String> headers = headers("d_1", "deployment.live", Signer.of(SECRET).header(clock.instant(), body));

        assertThat(inboxReceiver.receive(headers::get, body).outcome()).isEqualTo(Outcome.QUEUED);
        // The same delivery again, on a node whose ledger has not seen it: the inbox has it.
        WebhookReceiver otherNode = WebhookReceiver.builder().secret(SECRET).clock(clock).endpoint("orders")
                .ledger(CaffeineDeliveryLedger.builder().clock(clock).build()).listener(listener).build();
        InboxReceiver other = InboxReceiver.builder(otherNode, inbox).clock(clock).build();
        assertThat(other.receive(headers::get, body).outcome()).isEqualTo(Outcome.DUPLICATE);
        inbox.failNext(1);
        byte[] body2 = body("evt_2", "deployment.live");
        assertThat(inboxReceiver.receive(headers("d_2", "deployment.live",
                Signer.of(SECRET).header(clock.instant(), body2))::get, body2).outcome())
                .isEqualTo(Outcome.INBOX_UNAVAILABLE);
        assertThat(listener.outcomes()).containsExactly("queued", "duplicate", "inbox_unavailable");
        assertThat(listener.facts).noneMatch(fact -> fact.contains("handled"));

        listener.facts.clear();
        AtomicBoolean fail = new AtomicBoolean(true);
        InboxWorker worker = InboxWorker.builder(inbox).handler("orders", event -> {
            if (fail.get()) {
                throw new IllegalStateException("not yet");
            }
        }).clock(clock).initialBackoff(Duration.ofSeconds(1)).listener(listener).build();
        assertThat(worker.runOnce()).isEqualTo(1);
        fail.set(false);
        clock.advance(Duration.ofSeconds(2));
        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(listener.facts).containsExactly(
                "orders claimed d_1", "orders event deployment.live", "orders handled IllegalStateException",
                "orders finished handler_failed",
                "orders claimed d_1", "orders event deployment.live", "orders handled ok", "orders finished processed");
    }

    @Test
    void theWorkerCountsTheInboxAtMostEveryIntervalAndTheCountsSayWhatWaits() {
        InMemoryDeliveryInbox inbox = new InMemoryDeliveryInbox(clock);
        inbox.store(new InboxDelivery("orders", "d_1", "evt_1", "deployment.live", body("evt_1", "deployment.live"),
                clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        inbox.store(new InboxDelivery("orders", "d_2", "evt_2", "deployment.live", body("evt_2", "deployment.live"),
                clock.instant()));
        InboxWorker worker = InboxWorker.builder(inbox).handler("elsewhere", event -> { }).clock(clock)
                .listener(listener).build();

        worker.runOnce();
        worker.runOnce();
        assertThat(listener.counts).singleElement().satisfies(counts -> {
            assertThat(counts.pending()).isEqualTo(2);
            assertThat(counts.retrying()).isZero();
            assertThat(counts.dead()).isZero();
            assertThat(counts.oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(30));
        });
        clock.advance(InboxWorker.COUNT_INTERVAL);
        worker.runOnce();
        assertThat(listener.counts).hasSize(2);
        assertThat(worker.lastCounts()).contains(listener.counts.get(1));
        assertThat(worker.lastPoll()).contains(clock.instant());
    }

    @Test
    void aListenerThatThrowsDoesNotChangeTheAnswerAndTheOthersStillHear() {
        DeliveryListener broken = new DeliveryListener() {
            @Override
            public DeliveryObservation received(String endpoint) {
                return new DeliveryObservation() {
                    @Override
                    public void finished(Outcome outcome) {
                        throw new IllegalStateException("broken listener");
                    }
                };
            }
        };
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).clock(clock)
                .listener(DeliveryListener.of(List.of(broken, listener))).handler(event -> { }).build();

        assertThat(send(receiver, "d_1", "evt_1", clock.instant()).outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(listener.outcomes()).containsExactly("processed");
    }

    @Test
    void compoundsInsideCompoundsAreFlattenedAndStillTellEachListenerOnceInOrder() {
        List<String> heard = new ArrayList<>();
        DeliveryListener a = naming("a", heard);
        DeliveryListener b = naming("b", heard);
        DeliveryListener c = naming("c", heard);
        DeliveryListener nested = DeliveryListener.of(List.of(DeliveryListener.of(List.of(a, DeliveryListener.NONE, b)),
                DeliveryListener.NONE, c));

        DeliveryObservation observation = nested.received("orders");
        observation.finished(Outcome.PROCESSED);

        assertThat(heard).containsExactly("a received orders", "b received orders", "c received orders",
                "a processed", "b processed", "c processed");
        assertThat(nested.toString()).isEqualTo("[a, b, c]");
        assertThat(DeliveryListener.of(List.of(DeliveryListener.NONE, DeliveryListener.of(List.of()))))
                .isSameAs(DeliveryListener.NONE);
        // A listener that answers no observation is left out of the delivery's compound.
        assertThat(DeliveryListener.of(List.of(new DeliveryListener() {
        })).received("orders")).isSameAs(DeliveryObservation.NONE);
    }

    private static DeliveryListener naming(String name, List<String> heard) {
        return new DeliveryListener() {
            @Override
            public DeliveryObservation received(String endpoint) {
                heard.add(name + " received " + endpoint);
                return new DeliveryObservation() {
                    @Override
                    public void finished(Outcome outcome) {
                        heard.add(name + " " + outcome.reason());
                    }
                };
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Fails every call while {@code ledgerDown} is set. */
    private final class FailingLedger implements DeliveryLedger {
        private final DeliveryLedger delegate;

        FailingLedger(DeliveryLedger delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (ledgerDown.get()) {
                throw new LedgerException("database down", null);
            }
        }

        @Override
        public Claim begin(DeliveryKey key) {
            check();
            return delegate.begin(key);
        }

        @Override
        public void complete(Claim claim) {
            check();
            delegate.complete(claim);
        }

        @Override
        public void forget(Claim claim) {
            check();
            delegate.forget(claim);
        }

        @Override
        public void fail(Claim claim, String error) {
            check();
            delegate.fail(claim, error);
        }
    }
}
