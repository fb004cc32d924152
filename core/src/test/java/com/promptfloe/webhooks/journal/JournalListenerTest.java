package com.promptfloe.webhooks.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.inbox.InMemoryDeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import com.promptfloe.webhooks.inbox.InboxWorker;
import com.promptfloe.webhooks.ledger.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the receive path and the inbox worker leave in the journal, and what they never do. */
class JournalListenerTest {

    private static final Secret SECRET = Secret.of("whsec_journal_test_secret");
    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:35:00Z"));
    private final InMemoryDeliveryJournal journal = InMemoryDeliveryJournal.builder().clock(clock).build();

    private WebhookReceiver receiver(JournalListener listener) {
        return WebhookReceiver.builder().secret(SECRET).clock(clock).listener(listener)
                .handler(event -> {
                    if (event.id().startsWith("evt_fail")) {
                        throw new IllegalStateException("order " + event.id() + " is unknown");
                    }
                }).build();
    }

    private static byte[] body(String eventId) {
        return ("{\"id\":\"" + eventId + "\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"note\":\"<script>alert(1)</script>\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ReceiveResult send(WebhookReceiver receiver, String deliveryId, String eventId, Secret signedWith) {
        byte[] body = body(eventId);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(WebhookHeaders.SIGNATURE, Signer.of(signedWith).header(clock.instant(), body));
        headers.put(WebhookHeaders.DELIVERY, deliveryId);
        headers.put(WebhookHeaders.EVENT, "deployment.live");
        headers.put("User-Agent", "PromptFloe-Webhooks/1.0");
        return receiver.receive(headers::get, body);
    }

    private JournalRecord only(String deliveryId) {
        List<JournalRecord> history = journal.history("default", deliveryId);
        assertThat(history).hasSize(1);
        return history.get(0);
    }

    @Test
    void aProcessedDeliveryIsRecordedWithItsIdsHeadersAndTimingButNoPayloadByDefault() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).clock(clock).build());

        send(receiver, "deliv_ok", "evt_ok", SECRET);

        JournalRecord record = only("deliv_ok");
        assertThat(record.eventId()).isEqualTo("evt_ok");
        assertThat(record.eventType()).isEqualTo("deployment.live");
        assertThat(record.outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.at()).isEqualTo(clock.instant());
        assertThat(record.handlerDuration()).isNotNull();
        assertThat(record.attempt()).isEqualTo(1);
        assertThat(record.failure()).isNull();
        assertThat(record.payload()).isNull();
        assertThat(record.headers()).containsEntry("User-Agent", "PromptFloe-Webhooks/1.0")
                .containsEntry(WebhookHeaders.DELIVERY, "deliv_ok");
    }

    @Test
    void recordIdsAreVersionFourUuids() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).clock(clock).build());

        send(receiver, "deliv_1", "evt_1", SECRET);
        send(receiver, "deliv_2", "evt_2", SECRET);

        List<JournalRecord> records = journal.find(JournalQuery.newest(10)).records();
        assertThat(records).extracting(r -> java.util.UUID.fromString(r.id()).version()).containsExactly(4, 4);
        assertThat(records.get(0).id()).isNotEqualTo(records.get(1).id());
    }

    @Test
    void theSignatureValueIsNeverKeptButItsTimestampIs() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).clock(clock).build());
        byte[] body = body("evt_sig");
        String signature = Signer.of(SECRET).header(clock.instant(), body);

        send(receiver, "deliv_sig", "evt_sig", SECRET);

        String kept = only("deliv_sig").headers().get(WebhookHeaders.SIGNATURE);
        assertThat(kept).isEqualTo("t=" + clock.instant().getEpochSecond() + ",v1=(not kept)");
        assertThat(kept).doesNotContain(signature.substring(signature.indexOf("v1=") + 3));
    }

    @Test
    void everySignatureValueIsReplacedWhereverItStands() {
        assertThat(JournalListener.withoutSignatureValues("t=1,v1=abc,v2=def"))
                .isEqualTo("t=1,v1=(not kept),v2=(not kept)");
        assertThat(JournalListener.withoutSignatureValues("v12=abc, t=1 ,v0="))
                .isEqualTo("v12=(not kept), t=1 ,v0=(not kept)");
        assertThat(JournalListener.withoutSignatureValues("t=v1=abc")).isEqualTo("t=v1=(not kept)");
        assertThat(JournalListener.withoutSignatureValues("t=1,v=abc,va1=b,V1=c,v1"))
                .isEqualTo("t=1,v=abc,va1=b,V1=c,v1");
        String untouched = "t=1700000000";
        assertThat(JournalListener.withoutSignatureValues(untouched)).isSameAs(untouched);
    }

    @Test
    void theSignatureScanAgreesWithTheRegularExpressionItReplaced() {
        // The journal used (v\d+)=[^,]* replaced by $1=(not kept); the scan must keep exactly as much.
        Pattern regex = Pattern.compile("(v\\d+)=[^,]*");
        String alphabet = "v1209=,t ab";
        Random random = new Random(20261130);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder header = new StringBuilder();
            for (int length = random.nextInt(24); length > 0; length--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = header.toString();
            assertThat(JournalListener.withoutSignatureValues(value)).as(value)
                    .isEqualTo(regex.matcher(value).replaceAll("$1=(not kept)"));
        }
    }

    @Test
    void payloadsAreKeptOnlyWhenAskedAndOnlyOnceVerified() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).payloads(true).clock(clock).build());

        send(receiver, "deliv_kept", "evt_kept", SECRET);
        send(receiver, "deliv_forged", "evt_forged", Secret.of("whsec_somebody_else"));

        assertThat(only("deliv_kept").payload()).isEqualTo(new String(body("evt_kept"), StandardCharsets.UTF_8));
        JournalRecord forged = only("deliv_forged");
        assertThat(forged.outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
        assertThat(forged.httpStatus()).isEqualTo(401);
        assertThat(forged.payload()).isNull();
        assertThat(forged.eventId()).as("nothing from an unverified body").isNull();
        assertThat(forged.detail()).isNotBlank();
    }

    @Test
    void aFailingObserverIsRecordedWithItsStackTraceAndTheRetryIsTheSecondAttempt() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).clock(clock).build());

        send(receiver, "deliv_fail", "evt_fail_1", SECRET);
        clock.advance(Duration.ofSeconds(30));
        send(receiver, "deliv_fail", "evt_fail_1", SECRET);

        List<JournalRecord> history = journal.history("default", "deliv_fail");
        assertThat(history).extracting(JournalRecord::attempt).containsExactly(1, 2);
        JournalRecord first = history.get(0);
        assertThat(first.outcome()).isEqualTo(Outcome.HANDLER_FAILED);
        assertThat(first.failure().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.failure().message()).isEqualTo("order evt_fail_1 is unknown");
        assertThat(first.failure().stackTrace()).contains("JournalListenerTest");
        assertThat(first.detail()).isEqualTo("java.lang.IllegalStateException: order evt_fail_1 is unknown");
    }

    @Test
    void aRefusalWithoutHeadersIsRecordedAndCounted() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).clock(clock).build());

        receiver.receive(name -> null, body("evt_x"));
        receiver.refuse(Outcome.METHOD_NOT_ALLOWED, "GET is not allowed");

        assertThat(journal.count(clock.instant()).count("default", Outcome.MISSING_HEADER)).isEqualTo(1);
        assertThat(journal.count(clock.instant()).count("default", Outcome.METHOD_NOT_ALLOWED)).isEqualTo(1);
        assertThat(journal.find(JournalQuery.newest(10)).records()).allSatisfy(r -> {
            assertThat(r.deliveryId()).isNull();
            assertThat(r.payload()).isNull();
            assertThat(r.detail()).isNotBlank();
        });
    }

    @Test
    void overlongHeadersAreCut() {
        WebhookReceiver receiver = receiver(JournalListener.builder(journal).clock(clock).build());
        String huge = "d".repeat(5000);

        ReceiveResult result = send(receiver, huge, "evt_huge", SECRET);

        assertThat(result.outcome()).isEqualTo(Outcome.INVALID_HEADER);
        JournalRecord record = journal.find(JournalQuery.newest(1)).records().get(0);
        assertThat(record.deliveryId()).hasSize(JournalListener.MAX_HEADER_LENGTH + 3);
    }

    @Test
    void aJournalThatFailsNeitherChangesTheAnswerNorThrowsAndIsCounted() {
        DeliveryJournal broken = InMemoryDeliveryJournal.builder().build();
        JournalListener listener = JournalListener.builder(new DeliveryJournal() {
            @Override
            public void append(JournalRecord record) {
                throw new JournalException("disk full");
            }

            @Override
            public JournalPage find(JournalQuery query) {
                return broken.find(query);
            }

            @Override
            public java.util.Optional<JournalRecord> get(String id) {
                return broken.get(id);
            }

            @Override
            public List<JournalRecord> history(String endpoint, String deliveryId) {
                return broken.history(endpoint, deliveryId);
            }

            @Override
            public JournalCounts count(Instant since) {
                return broken.count(since);
            }

            @Override
            public String describe() {
                return "broken";
            }
        }).clock(clock).build();
        WebhookReceiver receiver = receiver(listener);

        ReceiveResult ok = send(receiver, "deliv_a", "evt_a", SECRET);
        ReceiveResult failed = send(receiver, "deliv_b", "evt_fail_b", SECRET);

        assertThat(ok.outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(failed.outcome()).isEqualTo(Outcome.HANDLER_FAILED);
        assertThat(listener.failedWrites()).isEqualTo(2);
    }

    @Test
    void inboxModeRecordsTheQueuedRequestAndEachAttempt() throws Exception {
        JournalListener listener = JournalListener.builder(journal).clock(clock).build();
        InMemoryDeliveryInbox inbox = new InMemoryDeliveryInbox(clock);
        InboxReceiver receiver = InboxReceiver.builder(WebhookReceiver.builder().secret(SECRET).clock(clock)
                .listener(listener).build(), inbox).clock(clock).build();
        byte[] body = body("evt_fail_inbox");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(WebhookHeaders.SIGNATURE, Signer.of(SECRET).header(clock.instant(), body));
        headers.put(WebhookHeaders.DELIVERY, "deliv_inbox");
        headers.put(WebhookHeaders.EVENT, "deployment.live");
        assertThat(receiver.receive(headers::get, body).outcome()).isEqualTo(Outcome.QUEUED);
        InboxWorker worker = InboxWorker.builder(inbox).clock(clock).listener(listener)
                .handler("default", event -> {
                    throw new IllegalStateException("no such app");
                }).build();

        assertThat(worker.runOnce()).isEqualTo(1);

        List<JournalRecord> history = journal.history("default", "deliv_inbox");
        assertThat(history).extracting(JournalRecord::source)
                .containsExactly(JournalRecord.Source.REQUEST, JournalRecord.Source.INBOX);
        assertThat(history).extracting(JournalRecord::outcome).containsExactly(Outcome.QUEUED, Outcome.HANDLER_FAILED);
        JournalRecord attempt = history.get(1);
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.eventId()).isEqualTo("evt_fail_inbox");
        assertThat(attempt.failure().message()).isEqualTo("no such app");
    }
}
