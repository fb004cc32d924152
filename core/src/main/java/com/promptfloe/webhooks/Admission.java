package com.promptfloe.webhooks;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.LedgerException;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A delivery that passed verification and dedupe and now waits for its outcome, for adapters that
 * process events themselves (verify-only mode, the durable inbox).
 *
 * <pre>{@code
 * Admission admission = receiver.admit(request::getHeader, body);
 * if (!admission.admitted()) {
 *     return admission.result();            // 401, 409, duplicate, ...
 * }
 * try {
 *     process(admission.event());
 *     return admission.complete();          // 200; the delivery is remembered as done
 * } catch (Exception e) {
 *     return admission.abandon(e);          // 500; PromptFloe's retry will be processed
 * }
 * }</pre>
 *
 * <p>Exactly one of {@link #complete()}, {@link #abandon(Throwable)} and {@link #unavailable(Throwable)}
 * must be called on an admitted
 * delivery; until then it is held in flight, and a crash releases it when its lease expires.
 */
public final class Admission {

    private static final System.Logger LOG = System.getLogger(WebhookReceiver.class.getName());

    private final ReceiveResult rejection;
    private final PromptFloeEvent event;
    private final DeliveryLedger ledger;
    private final Claim claim;
    private final Duration retryAfter;
    private final AtomicBoolean settled = new AtomicBoolean();
    // Set by the receiver before the admission is handed out; the handler's time runs from there.
    private DeliveryObservation observation = DeliveryObservation.NONE;
    private long admittedAt;

    private Admission(ReceiveResult rejection, PromptFloeEvent event, DeliveryLedger ledger, Claim claim,
            Duration retryAfter) {
        this.rejection = rejection;
        this.event = event;
        this.ledger = ledger;
        this.claim = claim;
        this.retryAfter = retryAfter;
    }

    static Admission rejected(ReceiveResult result) {
        return new Admission(result, result.event(), null, null, null);
    }

    static Admission admitted(PromptFloeEvent event, DeliveryLedger ledger, Claim claim, Duration retryAfter) {
        return new Admission(null, event, ledger, claim, retryAfter);
    }

    /** Verified but not recorded: the caller's own store deduplicates (the durable inbox). */
    static Admission unrecorded(PromptFloeEvent event, Duration retryAfter) {
        return new Admission(null, event, null, null, retryAfter);
    }

    Admission observed(DeliveryObservation observation, long nanoTime) {
        this.observation = observation;
        this.admittedAt = nanoTime;
        return this;
    }

    private void report(Outcome outcome, boolean handled, Throwable failure) {
        if (handled) {
            observation.handled(Duration.ofNanos(System.nanoTime() - admittedAt), failure);
        }
        observation.finished(outcome);
    }

    /**
     * Lets listeners make the delivery's trace current while the caller processes it on this thread,
     * so that spans the processing opens become children of the delivery's span; close it when done.
     *
     * <pre>{@code
     * try (DeliveryObservation.Handling handling = admission.handling()) {
     *     process(admission.event());
     * }
     * }</pre>
     *
     * @return what to close on this thread once processing returned or threw
     */
    public DeliveryObservation.Handling handling() {
        try {
            DeliveryObservation.Handling handling = observation.handling();
            return handling != null ? handling : DeliveryObservation.Handling.NONE;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a PromptFloe DeliveryListener failed; ignored", e);
            return DeliveryObservation.Handling.NONE;
        }
    }

    /**
     * The delivery's trace context, as a tracing listener gives it ({@link DeliveryObservation#traceParent()}).
     *
     * @return the W3C {@code traceparent}, or {@code null} when nothing traces this delivery
     */
    public String traceParent() {
        try {
            return observation.traceParent();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a PromptFloe DeliveryListener failed; ignored", e);
            return null;
        }
    }

    /**
     * Whether the caller must process the event now.
     *
     * @return {@code true} when admitted; {@code false} when {@link #result()} is the answer
     */
    public boolean admitted() {
        return rejection == null;
    }

    /**
     * The answer for a delivery that was not admitted.
     *
     * @return the result
     * @throws IllegalStateException when the delivery was admitted
     */
    public ReceiveResult result() {
        if (rejection == null) {
            throw new IllegalStateException("this delivery was admitted: complete() or abandon() it");
        }
        return rejection;
    }

    /**
     * The verified event; for a rejected delivery only when its body was parsed.
     *
     * @return the event, or {@code null}
     */
    public PromptFloeEvent event() {
        return event;
    }

    /**
     * Records the delivery as done and answers 200; if the ledger cannot record it, answers 503 so that
     * PromptFloe retries rather than having an acknowledgement that was never recorded.
     *
     * @return the result to answer
     */
    public ReceiveResult complete() {
        return complete(null);
    }

    /**
     * Records the delivery as done like {@link #complete()}, for an adapter that answers with an
     * acknowledgement of its own (the inbox answers {@link Outcome#QUEUED} or {@link Outcome#DUPLICATE}
     * once it has stored the delivery): listeners hear that outcome, and no handler run.
     *
     * @param answered the outcome the caller answers with, or {@code null} for {@link #complete()}'s own
     * @return what the ledger made of it, as {@link #complete()} returns
     */
    public ReceiveResult complete(Outcome answered) {
        settle();
        ReceiveResult result = record();
        report(answered != null ? answered : result.outcome(), answered == null, null);
        return result;
    }

    private ReceiveResult record() {
        try {
            if (ledger != null) {
                ledger.complete(claim);
            }
        } catch (LedgerException e) {
            LOG.log(System.Logger.Level.WARNING, "PromptFloe delivery " + event.deliveryId() + " was processed but "
                    + "the delivery ledger could not record it as done", e);
            return new ReceiveResult(Outcome.LEDGER_UNAVAILABLE, "processed, but the ledger could not record it: "
                    + e.getMessage(), event, retryAfter);
        }
        return new ReceiveResult(Outcome.PROCESSED, "processed " + event.type() + " " + event.id(), event, null);
    }

    /**
     * Forgets the delivery after a failed attempt, so that PromptFloe's retry is processed, and answers 500.
     *
     * @param cause why processing failed
     * @return the result to answer
     */
    public ReceiveResult abandon(Throwable cause) {
        settle();
        release(cause);
        report(Outcome.HANDLER_FAILED, true, cause);
        return new ReceiveResult(Outcome.HANDLER_FAILED, "processing " + event.type() + " " + event.id()
                + " failed: " + cause, event, null);
    }

    /**
     * Forgets the delivery because what should have kept it (the durable inbox) could not, and answers
     * 503 with {@code Retry-After}, so that PromptFloe sends it again.
     *
     * @param cause why it could not be kept
     * @return the result to answer
     */
    public ReceiveResult unavailable(Throwable cause) {
        settle();
        release(null);
        report(Outcome.INBOX_UNAVAILABLE, false, null);
        return new ReceiveResult(Outcome.INBOX_UNAVAILABLE, "the delivery could not be stored: " + cause.getMessage(),
                event, retryAfter);
    }

    /** Fails the claim when processing failed (the record keeps why), forgets it when nothing was tried. */
    private void release(Throwable failure) {
        if (ledger == null) {
            return;
        }
        try {
            if (failure == null) {
                ledger.forget(claim);
            } else {
                ledger.fail(claim, String.valueOf(failure));
            }
        } catch (LedgerException e) {
            // The lease will lapse on its own; the answer is a failure either way.
            LOG.log(System.Logger.Level.WARNING, "could not release PromptFloe delivery " + event.deliveryId()
                    + "; its retry is processed once the in-flight lease expires", e);
        }
    }

    private void settle() {
        if (rejection != null) {
            throw new IllegalStateException("this delivery was not admitted: answer result()");
        }
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("delivery " + event.deliveryId() + " was already completed or abandoned");
        }
    }
}
