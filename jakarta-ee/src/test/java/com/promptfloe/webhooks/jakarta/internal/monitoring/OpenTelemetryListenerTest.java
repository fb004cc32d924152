package com.promptfloe.webhooks.jakarta.internal.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxDelivery;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import com.promptfloe.webhooks.inbox.InboxWorker;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import com.promptfloe.webhooks.monitoring.InboxCounts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetryListenerTest {

    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final OpenTelemetryListener listener = new OpenTelemetryListener(sdk, true, true, Deliveries.CLOCK);

    @AfterEach
    void close() {
        sdk.close();
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
    }

    private static long count(MetricData deliveries, String type, String outcome) {
        return deliveries.getLongSumData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(Attributes.of(OpenTelemetryListener.ENDPOINT, "orders",
                        OpenTelemetryListener.EVENT_TYPE, type, OpenTelemetryListener.OUTCOME, outcome)))
                .mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void countsEachAnswerOnceAndTimesObserversWithTheSameNamesAsMicrometer() {
        Deliveries.sendTheMix(Deliveries.receiver(listener));
        Collection<MetricData> all = metrics.collectAllMetrics();

        MetricData deliveries = metric(all, Labels.DELIVERIES);
        assertThat(deliveries.getLongSumData().isMonotonic()).isTrue();
        assertThat(count(deliveries, "deployment.live", "processed")).isEqualTo(1);
        assertThat(count(deliveries, "unknown", "processed")).isEqualTo(1);
        assertThat(count(deliveries, "deployment.live", "duplicate")).isEqualTo(1);
        assertThat(count(deliveries, "deployment.live", "handler_failed")).isEqualTo(1);
        assertThat(count(deliveries, "none", "signature_mismatch")).isEqualTo(1);
        assertThat(count(deliveries, "none", "method_not_allowed")).isEqualTo(1);
        assertThat(deliveries.getLongSumData().getPoints()).hasSize(6);

        MetricData durations = metric(all, Labels.HANDLER_DURATION);
        assertThat(durations.getUnit()).isEqualTo("s");
        assertThat(durations.getHistogramData().getPoints()).extracting(p -> p.getAttributes()
                .get(OpenTelemetryListener.RESULT)).containsExactlyInAnyOrder("processed", "processed", "handler_failed");
        MetricData ages = metric(all, Labels.SIGNATURE_AGE);
        assertThat(ages.getHistogramData().getPoints()).singleElement().satisfies(point -> {
            assertThat(point.getCount()).isEqualTo(4);
            assertThat(point.getSum()).isEqualTo(6.0);
        });
    }

    @Test
    void deliveriesCountedFromManyThreadsAreAllReportedAndADeltaReaderGetsOnlyTheNewOnes() throws Exception {
        InMemoryMetricReader delta = InMemoryMetricReader.createDelta();
        try (OpenTelemetrySdk deltaSdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(delta).build()).build()) {
            OpenTelemetryListener counting = new OpenTelemetryListener(deltaSdk, true, false, Deliveries.CLOCK);
            // Every thread starts on label sets nobody counted yet: the first counts race to create them.
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 1000; i++) {
                        counting.received(i % 2 == 0 ? "orders" : "billing").finished(
                                i % 3 == 0 ? Outcome.SIGNATURE_MISMATCH : Outcome.METHOD_NOT_ALLOWED);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }

            MetricData first = metric(delta.collectAllMetrics(), Labels.DELIVERIES);
            assertThat(first.getLongSumData().getPoints()).hasSize(4);
            assertThat(first.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum())
                    .isEqualTo(8000);
            counting.received("orders").finished(Outcome.METHOD_NOT_ALLOWED);
            MetricData second = metric(delta.collectAllMetrics(), Labels.DELIVERIES);
            assertThat(second.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum())
                    .as("a delta reader gets what was counted since its last collection").isEqualTo(1);
        }
    }

    @Test
    void eachVerifiedDeliveryIsAConsumerSpanUnderTheHttpSpanAndAFailingObserverIsRecordedOnIt() {
        WebhookReceiver receiver = Deliveries.receiver(listener);
        Span http = sdk.getTracer("test-runtime").spanBuilder("POST /webhooks/promptfloe")
                .setSpanKind(SpanKind.SERVER).startSpan();
        Scope scope = http.makeCurrent();
        try {
            Deliveries.sendTheMix(receiver);
        } finally {
            scope.close();
            http.end();
        }
        List<SpanData> process = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("process ")).toList();

        assertThat(process).extracting(SpanData::getName).containsExactly("process deployment.live",
                "process deployment.live", "process unknown", "process deployment.live");
        assertThat(process).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getParentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
            assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("promptfloe");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")))
                    .isEqualTo("process");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                    .isEqualTo("orders");
            // The endpoint is said once: messaging.destination.name, not again as promptfloe.endpoint.
            assertThat(span.getAttributes().get(AttributeKey.stringKey("promptfloe.endpoint"))).isNull();
        });
        SpanData first = process.get(0);
        assertThat(first.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo("d_1");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("promptfloe.event.id"))).isEqualTo("evt_1");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("promptfloe.event.type")))
                .isEqualTo("deployment.live");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("promptfloe.outcome"))).isEqualTo("processed");
        assertThat(process.get(1).getAttributes().get(AttributeKey.stringKey("promptfloe.outcome")))
                .isEqualTo("duplicate");
        assertThat(process.get(2).getAttributes().get(AttributeKey.stringKey("promptfloe.event.type")))
                .as("the span keeps the real type; only metric labels are bounded").isEqualTo("brand.new.type");
        SpanData failed = process.get(3);
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).singleElement().satisfies(event -> {
            assertThat(event.getName()).isEqualTo("exception");
            assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
                    .isEqualTo("observer failed on evt_fail_3");
        });
        assertThat(spans.getFinishedSpanItems()).as("the forged and the refused request get no span of their own")
                .hasSize(5);
    }

    @Test
    void anInboxAttemptIsASpanOfItsOwnAndIsNotCountedAsASecondDelivery() throws Exception {
        InboxEntry entry = new InboxEntry(new InboxDelivery("orders", "d_9", "evt_9", "app.failed",
                Deliveries.body("evt_9", "app.failed"), Deliveries.CLOCK.instant()), InboxEntry.State.CLAIMED, 2,
                Deliveries.CLOCK.instant(), null, 42);
        DeliveryObservation attempt = listener.claimed(entry);
        attempt.event(com.promptfloe.webhooks.event.EventParser.create().parse(entry.delivery().body(), "d_9"));
        attempt.handled(Duration.ofMillis(250), null);
        attempt.finished(Outcome.PROCESSED);

        assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo("process app.failed");
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(span.getAttributes().get(OpenTelemetryListener.ATTEMPT)).isEqualTo(2L);
        });
        Collection<MetricData> all = metrics.collectAllMetrics();
        assertThat(all).noneMatch(m -> m.getName().equals(Labels.DELIVERIES));
        assertThat(metric(all, Labels.HANDLER_DURATION).getHistogramData().getPoints()).singleElement()
                .satisfies(point -> assertThat(point.getSum()).isEqualTo(0.25));
    }

    @Test
    @SuppressWarnings("try") // the scope is only held open
    void spansTheObserversOpenAreChildrenOfTheProcessSpanWhichIsCurrentOnlyWhileTheyRun() {
        Tracer application = sdk.getTracer("application");
        WebhookReceiver receiver = WebhookReceiver.builder().secret(Deliveries.SECRET).clock(Deliveries.CLOCK)
                .endpoint("orders").listener(listener)
                .handler(event -> application.spanBuilder("observer work").startSpan().end()).build();
        Span http = sdk.getTracer("test-runtime").spanBuilder("POST /webhooks/promptfloe").startSpan();
        try (Scope scope = http.makeCurrent()) {
            assertThat(Deliveries.send(receiver, "d_1", "evt_1", "deployment.live", Deliveries.CLOCK.instant(),
                    Deliveries.SECRET).outcome()).isEqualTo(Outcome.PROCESSED);
            assertThat(Span.current()).as("the request's span is current again").isSameAs(http);
        } finally {
            http.end();
        }
        SpanData process = span("process deployment.live");
        SpanData work = span("observer work");
        assertThat(work.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(work.getTraceId()).isEqualTo(http.getSpanContext().getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
    }

    @Test
    @SuppressWarnings("try") // the scope is only held open
    void anInboxAttemptLinksToTheSpanOfTheRequestThatStoredTheDelivery() {
        KeepingInbox inbox = new KeepingInbox();
        InboxReceiver inboxReceiver = InboxReceiver.builder(Deliveries.receiver(listener), inbox)
                .clock(Deliveries.CLOCK).build();
        byte[] body = Deliveries.body("evt_7", "app.generated");
        Map<String, String> headers = Map.of(WebhookHeaders.SIGNATURE,
                Signer.of(Deliveries.SECRET).header(Deliveries.CLOCK.instant(), body), WebhookHeaders.DELIVERY, "d_7",
                WebhookHeaders.EVENT, "app.generated");
        Span http = sdk.getTracer("test-runtime").spanBuilder("POST /webhooks/promptfloe").startSpan();
        try (Scope scope = http.makeCurrent()) {
            assertThat(inboxReceiver.receive(headers::get, body).outcome()).isEqualTo(Outcome.QUEUED);
        } finally {
            http.end();
        }
        SpanData request = span("process app.generated");
        assertThat(inbox.stored).singleElement().extracting(InboxDelivery::traceParent)
                .isEqualTo("00-" + request.getTraceId() + "-" + request.getSpanId() + "-01");

        Tracer application = sdk.getTracer("application");
        InboxWorker worker = InboxWorker.builder(inbox).listener(listener).clock(Deliveries.CLOCK)
                .handler("orders", event -> application.spanBuilder("observer work").startSpan().end()).build();
        assertThat(worker.runOnce()).isEqualTo(1);

        SpanData attempt = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getAttributes().get(OpenTelemetryListener.ATTEMPT) != null).findFirst()
                .orElseThrow(() -> new AssertionError("no attempt span in " + spans.getFinishedSpanItems()));
        assertThat(attempt.getParentSpanContext().isValid()).as("a trace of its own").isFalse();
        assertThat(attempt.getTraceId()).isNotEqualTo(request.getTraceId());
        assertThat(attempt.getLinks()).singleElement().satisfies(link -> {
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(request.getTraceId());
            assertThat(link.getSpanContext().getSpanId()).isEqualTo(request.getSpanId());
        });
        assertThat(span("observer work").getParentSpanId()).isEqualTo(attempt.getSpanId());
    }

    @Test
    void anUnreadableOrMissingTraceParentGivesAnAttemptWithoutALink() throws Exception {
        for (String kept : new String[] {null, "not-a-traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}) {
            spans.reset();
            InboxEntry entry = new InboxEntry(new InboxDelivery("orders", "d_8", "evt_8", "app.failed",
                    Deliveries.body("evt_8", "app.failed"), Deliveries.CLOCK.instant(), kept),
                    InboxEntry.State.CLAIMED, 1, Deliveries.CLOCK.instant(), null, 42);
            DeliveryObservation attempt = listener.claimed(entry);
            attempt.event(com.promptfloe.webhooks.event.EventParser.create().parse(entry.delivery().body(), "d_8"));
            attempt.finished(Outcome.PROCESSED);
            assertThat(spans.getFinishedSpanItems()).as(String.valueOf(kept)).singleElement()
                    .satisfies(span -> assertThat(span.getLinks()).isEmpty());
        }
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    /** Keeps what is stored and hands it out once: enough inbox for one request and one attempt. */
    private static final class KeepingInbox implements DeliveryInbox {
        final List<InboxDelivery> stored = new ArrayList<>();
        private final List<InboxEntry> claimed = new ArrayList<>();

        @Override
        public boolean store(InboxDelivery delivery) {
            return stored.add(delivery);
        }

        @Override
        public List<InboxEntry> claim(Set<String> endpoints, int max, Duration lease) {
            List<InboxEntry> handed = stored.stream().filter(d -> endpoints.contains(d.endpoint()))
                    .filter(d -> claimed.stream().noneMatch(c -> c.delivery().equals(d)))
                    .map(d -> new InboxEntry(d, InboxEntry.State.CLAIMED, 1, d.receivedAt().plus(lease), null, 1))
                    .limit(max).toList();
            claimed.addAll(handed);
            return handed;
        }

        @Override
        public boolean markDone(InboxEntry entry) {
            return true;
        }

        @Override
        public boolean markFailed(InboxEntry entry, String error, Instant nextAttemptAt) {
            return true;
        }

        @Override
        public boolean markDead(InboxEntry entry, String error) {
            return true;
        }

        @Override
        public List<InboxEntry> listDead(int max) {
            return List.of();
        }

        @Override
        public boolean redrive(String endpoint, String deliveryId) {
            return false;
        }

        @Override
        public Optional<InboxEntry> find(String endpoint, String deliveryId) {
            return Optional.empty();
        }
    }

    @Test
    void inboxGaugesAndEvictionsAreReadAtCollectionFromTheLastCount() {
        AtomicLong evicted = new AtomicLong(3);
        listener.ledgerEvictions(evicted::get);
        listener.inboxCounted(new InboxCounts(5, 1, 2, Deliveries.CLOCK.instant().minusSeconds(12),
                Deliveries.CLOCK.instant()));
        Collection<MetricData> all = metrics.collectAllMetrics();

        assertThat(metric(all, Labels.INBOX_ENTRIES).getLongGaugeData().getPoints())
                .extracting(p -> p.getAttributes().get(OpenTelemetryListener.STATE) + "=" + p.getValue())
                .containsExactlyInAnyOrder("pending=5", "retrying=1", "dead=2");
        assertThat(metric(all, Labels.INBOX_OLDEST_AGE).getDoubleGaugeData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(12.0));
        assertThat(metric(all, Labels.LEDGER_EVICTIONS).getLongSumData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(3));
    }

    @Test
    void metricsSwitchedOffLeaveOnlySpans() {
        OpenTelemetryListener tracingOnly = new OpenTelemetryListener(sdk, false, true, Deliveries.CLOCK);
        Deliveries.sendTheMix(Deliveries.receiver(tracingOnly));
        assertThat(metrics.collectAllMetrics()).isEmpty();
        assertThat(spans.getFinishedSpanItems()).hasSize(4);
    }
}
