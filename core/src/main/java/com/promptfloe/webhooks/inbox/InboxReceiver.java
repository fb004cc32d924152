package com.promptfloe.webhooks.inbox;

import com.promptfloe.webhooks.Admission;
import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;

/**
 * Receives PromptFloe deliveries in inbox mode: verifies them with a {@link WebhookReceiver}, stores
 * them in a {@link DeliveryInbox} and answers 202 at once, well inside PromptFloe's 10 second wait;
 * an {@link InboxWorker} processes them afterwards.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder().secret(secret).build();   // no handler needed
 * InboxReceiver inboxReceiver = InboxReceiver.builder(receiver, inbox).build();
 *
 * ReceiveResult result = inboxReceiver.receive(request::getHeader, body);
 * response.setStatus(result.httpStatus());                                        // 202 when queued
 * }</pre>
 *
 * <p>The inbox deduplicates: its store refuses a delivery id or a signed event id it has already
 * (the {@link DeliveryInbox} contract), atomically and across nodes, so the receiver's ledger is not
 * asked at all ({@link WebhookReceiver#verify}) and a stored delivery costs the inbox's one write.
 * Deliveries are therefore remembered as long as the inbox keeps its entries (its retention must
 * outlive PromptFloe's retry schedule, as a ledger's dedupe window does).
 *
 * <p>A delivery is acknowledged only once the inbox has stored it: answered {@link Outcome#QUEUED}
 * (202) when stored now, {@link Outcome#DUPLICATE} (200) when the inbox had it already (a retry
 * whose first answer was lost, a copy racing it, or a replay of the same signed event under any
 * delivery id). When the inbox cannot store it the answer is {@link Outcome#INBOX_UNAVAILABLE} (503
 * with the receiver's {@code Retry-After}), so PromptFloe sends it again.
 * Every refusal of the receiver (401, 400, ...) is answered as it is. Thread-safe.
 */
public final class InboxReceiver {

    private static final System.Logger LOG = System.getLogger(InboxReceiver.class.getName());

    private final WebhookReceiver receiver;
    private final DeliveryInbox inbox;
    private final Clock clock;

    private InboxReceiver(Builder builder) {
        this.receiver = builder.receiver;
        this.inbox = builder.inbox;
        this.clock = builder.clock;
    }

    /**
     * Starts a builder around a receiver, whose handler (if any) is not used, and an inbox.
     *
     * @param receiver verifies; its endpoint name is stored with each delivery (its ledger is not used)
     * @param inbox keeps the deliveries
     * @return a new builder
     */
    public static Builder builder(WebhookReceiver receiver, DeliveryInbox inbox) {
        return new Builder(receiver, inbox);
    }

    /**
     * The endpoint whose deliveries this receiver stores.
     *
     * @return the endpoint name
     */
    public String endpoint() {
        return receiver.endpoint();
    }

    /**
     * Verifies one request's delivery and stores it unless the inbox has it already.
     *
     * @param headers the request's headers
     * @param body the raw body, exactly as received
     * @return what to answer: 202 when queued
     */
    public ReceiveResult receive(HeaderLookup headers, byte[] body) {
        Admission admission = receiver.verify(headers, body);
        if (!admission.admitted()) {
            return admission.result();
        }
        PromptFloeEvent event = admission.event();
        boolean stored;
        try {
            // The trace context a tracing listener gives goes with the row, for the worker's span to link to.
            stored = inbox.store(new InboxDelivery(receiver.endpoint(), event.deliveryId(), event.id(), event.type(),
                    body, clock.instant(), admission.traceParent()));
        } catch (InboxException e) {
            LOG.log(Level.WARNING, "PromptFloe delivery " + event.deliveryId() + " could not be stored in the inbox;"
                    + " answering 503 so PromptFloe retries", e);
            return admission.unavailable(e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "PromptFloe delivery " + event.deliveryId() + " could not be stored in the inbox;"
                    + " answering 500 so PromptFloe retries", e);
            return admission.abandon(e);
        } catch (Error e) {
            admission.abandon(e);
            throw e;
        }
        // Records nothing (the inbox row is the record, and its unique keys the dedupe); listeners hear
        // the answer given.
        admission.complete(stored ? Outcome.QUEUED : Outcome.DUPLICATE);
        if (!stored) {
            return new ReceiveResult(Outcome.DUPLICATE, "delivery " + event.deliveryId() + " (event " + event.id()
                    + ") is in the inbox already", event, null);
        }
        return new ReceiveResult(Outcome.QUEUED, "queued " + event.type() + " " + event.id(), event, null);
    }

    /** Builds an {@link InboxReceiver}; each setting is checked at once. */
    public static final class Builder {
        private final WebhookReceiver receiver;
        private final DeliveryInbox inbox;
        private Clock clock = Clock.systemUTC();

        private Builder(WebhookReceiver receiver, DeliveryInbox inbox) {
            this.receiver = Objects.requireNonNull(receiver, "receiver must not be null");
            this.inbox = Objects.requireNonNull(inbox, "inbox must not be null");
        }

        /**
         * The clock that stamps each delivery's {@code receivedAt}; default the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Builds the receiver.
         *
         * @return the inbox receiver
         */
        public InboxReceiver build() {
            return new InboxReceiver(this);
        }
    }
}
