package com.promptfloe.webhooks.journal;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a {@link JournalRecord} to a {@link DeliveryJournal} for every request that reaches a
 * receive path and every inbox attempt: hand it to {@code WebhookReceiver.Builder#listener} and
 * {@code InboxWorker.Builder#listener}.
 *
 * <p>A journal that fails does not fail the delivery: the failure is logged (once a minute at most)
 * and counted in {@link #failedWrites()}, and the delivery is answered as before. The signature's
 * value is never written; the body only when {@link Builder#payloads(boolean)} is on, and only once
 * it was verified.
 */
public final class JournalListener implements DeliveryListener {

    /** Header values are cut to this length: the headers are not verified. */
    public static final int MAX_HEADER_LENGTH = 256;

    private static final System.Logger LOG = System.getLogger(JournalListener.class.getName());
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final String NOT_KEPT = "(not kept)";
    private static final String[] KEPT_HEADERS = {WebhookHeaders.DELIVERY, WebhookHeaders.EVENT,
        WebhookHeaders.SIGNATURE, "Content-Type", "Content-Length", "User-Agent"};

    private final DeliveryJournal journal;
    private final boolean payloads;
    private final Clock clock;
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    private JournalListener(Builder builder) {
        this.journal = builder.journal;
        this.payloads = builder.payloads;
        this.clock = builder.clock;
    }

    /**
     * Starts a listener that writes to a journal.
     *
     * @param journal the journal
     * @return the builder
     */
    public static Builder builder(DeliveryJournal journal) {
        return new Builder(journal);
    }

    /**
     * The journal written to.
     *
     * @return the journal
     */
    public DeliveryJournal journal() {
        return journal;
    }

    /**
     * How many records the journal refused so far (they are lost; the deliveries were not).
     *
     * @return the count
     */
    public long failedWrites() {
        return failedWrites.get();
    }

    @Override
    public DeliveryObservation received(String endpoint) {
        return new Recording(endpoint, JournalRecord.Source.REQUEST, clock.instant(), 0);
    }

    @Override
    public DeliveryObservation claimed(InboxEntry entry) {
        Recording recording = new Recording(entry.endpoint(), JournalRecord.Source.INBOX, clock.instant(),
                entry.attempts());
        recording.deliveryId = entry.deliveryId();
        recording.eventId = entry.delivery().eventId();
        recording.eventType = entry.delivery().type();
        return recording;
    }

    private void write(JournalRecord record) {
        try {
            journal.append(record);
        } catch (RuntimeException e) {
            long failed = failedWrites.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY.toNanos()) && lastLogged.compareAndSet(last, now)) {
                LOG.log(Level.WARNING, "the PromptFloe delivery journal could not keep a record (" + failed + " lost so "
                        + "far; deliveries are answered as before): " + e, e);
            }
        }
    }

    /**
     * A record id: a version-4 UUID from this thread's random generator. Ids need to be unique, not
     * unguessable (the console is behind a login), and UUID.randomUUID() takes SecureRandom's shared
     * lock on every delivery.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /**
     * The signature header with every signature's value replaced, its scheme kept:
     * {@code t=1700000000,v1=5257a8...} becomes {@code t=1700000000,v1=(not kept)}. A value starts
     * after {@code v}, one or more ASCII digits and {@code =}, wherever they stand, and runs to the
     * next comma. A scan, not a regular expression: it runs on every request, and a matcher and its
     * replacement buffer were about 1% of the endpoint's CPU (BENCHMARKS.md, delivery journal).
     */
    static String withoutSignatureValues(String header) {
        StringBuilder kept = null;
        int copied = 0;
        int length = header.length();
        for (int i = 0; i < length; i++) {
            if (header.charAt(i) != 'v') {
                continue;
            }
            int digits = i + 1;
            while (digits < length && header.charAt(digits) >= '0' && header.charAt(digits) <= '9') {
                digits++;
            }
            if (digits == i + 1 || digits == length || header.charAt(digits) != '=') {
                continue;
            }
            int end = header.indexOf(',', digits);
            end = end < 0 ? length : end;
            if (kept == null) {
                kept = new StringBuilder(length);
            }
            kept.append(header, copied, digits + 1).append(NOT_KEPT);
            copied = end;
            i = end;
        }
        return kept == null ? header : kept.append(header, copied, length).toString();
    }

    static String cut(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= MAX_HEADER_LENGTH ? value : value.substring(0, MAX_HEADER_LENGTH) + "...";
    }

    /** What is known of one delivery so far; written when it finishes. */
    private final class Recording implements DeliveryObservation {
        private final String endpoint;
        private final JournalRecord.Source source;
        private final Instant at;
        private final int attempt;
        private volatile String deliveryId;
        private volatile String eventId;
        private volatile String eventType;
        private volatile Map<String, String> headers = Map.of();
        private volatile String payload;
        private volatile String detail;
        private volatile Duration took;
        private volatile JournalRecord.Failure failure;

        Recording(String endpoint, JournalRecord.Source source, Instant at, int attempt) {
            this.endpoint = endpoint;
            this.source = source;
            this.at = at;
            this.attempt = attempt;
        }

        @Override
        public void arrived(HeaderLookup lookup) {
            // Built immutable here, so the record takes the map as it is instead of copying it.
            @SuppressWarnings("unchecked")
            Map.Entry<String, String>[] kept = (Map.Entry<String, String>[]) new Map.Entry<?, ?>[KEPT_HEADERS.length];
            int count = 0;
            for (String name : KEPT_HEADERS) {
                String value = lookup.header(name);
                if (value != null) {
                    value = cut(name.equals(WebhookHeaders.SIGNATURE) ? withoutSignatureValues(value) : value);
                    kept[count++] = Map.entry(name, value);
                    // Already cut as they were kept.
                    if (name.equals(WebhookHeaders.DELIVERY)) {
                        deliveryId = value;
                    } else if (name.equals(WebhookHeaders.EVENT)) {
                        eventType = value;
                    }
                }
            }
            headers = Map.ofEntries(Arrays.copyOf(kept, count));
        }

        @Override
        public void event(PromptFloeEvent event) {
            deliveryId = event.deliveryId();
            eventId = event.id();
            eventType = event.type();
        }

        @Override
        public void payload(byte[] body) {
            if (payloads) {
                payload = new String(body, StandardCharsets.UTF_8);
            }
        }

        @Override
        public void refused(String why) {
            detail = why;
        }

        @Override
        public void handled(Duration duration, Throwable thrown) {
            took = duration;
            if (thrown != null) {
                failure = JournalRecord.Failure.of(thrown);
                detail = failure.summary();
            }
        }

        @Override
        public void finished(Outcome outcome) {
            write(new JournalRecord(newId(), endpoint, at, source, deliveryId, eventId, eventType,
                    outcome, took, attempt, detail, failure, headers, payload));
        }
    }

    /** Builds a {@link JournalListener}. */
    public static final class Builder {
        private final DeliveryJournal journal;
        private boolean payloads;
        private Clock clock = Clock.systemUTC();

        private Builder(DeliveryJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
        }

        /**
         * Whether to keep the verified body of each request. Off by default: payloads may hold
         * personal data. (In inbox mode the inbox keeps the body anyway.)
         *
         * @param keep {@code true} to keep them
         * @return this builder
         */
        public Builder payloads(boolean keep) {
            this.payloads = keep;
            return this;
        }

        /**
         * The clock that stamps records.
         *
         * @param clock the clock; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the listener.
         *
         * @return the listener
         */
        public JournalListener build() {
            return new JournalListener(this);
        }
    }
}
