package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.time.Duration;
import java.util.List;

/**
 * The facts of one delivery (or of one inbox attempt) as they become known, ending with exactly one
 * {@link #finished}: what a {@link DeliveryListener} returns.
 *
 * <p>Every method but {@link #finished} may not be called at all: a request refused for a missing
 * header has no signature age and no event; a refused one has no handler run. Methods must be quick
 * and must not throw.
 */
public interface DeliveryObservation {

    /** Hears nothing. */
    DeliveryObservation NONE = new DeliveryObservation() {
    };

    /**
     * The request's headers, before anything is checked: read the ones to keep now, since the
     * lookup may not answer once the request is over. Nothing in them is verified yet. Not called
     * for an inbox attempt, nor for a request the HTTP layer refused before the receive path.
     *
     * @param headers the request's headers
     */
    default void arrived(HeaderLookup headers) {
    }

    /**
     * How old the signature was on arrival (negative when its timestamp lies ahead of the clock);
     * reported for every genuine signature, in tolerance or not, never for a forged one, whose
     * timestamp means nothing.
     *
     * @param age now minus the signed timestamp
     */
    default void signatureAge(Duration age) {
    }

    /**
     * The delivery's event, once its body was verified and parsed.
     *
     * @param event the event
     */
    default void event(PromptFloeEvent event) {
    }

    /**
     * The verified body of a request, right after {@link #event}: only a body whose signature
     * matched and that parsed as an event is ever passed. Not called for an inbox attempt, whose
     * body the inbox keeps. Copy what you keep; do not change the array.
     *
     * @param body the body, exactly as received
     */
    default void payload(byte[] body) {
    }

    /**
     * Why the receive path did not admit the request, right before {@link #finished}: a sentence
     * for a person, never holding a secret. Not called for an admitted delivery.
     *
     * @param detail what was wrong
     */
    default void refused(String detail) {
    }

    /**
     * The handler (observers, the application in verify-only mode) ran.
     *
     * @param took how long it ran
     * @param failure what it threw, or {@code null} when it returned
     */
    default void handled(Duration took, Throwable failure) {
    }

    /**
     * What became of the delivery: the answer PromptFloe gets, or for an inbox attempt
     * {@link Outcome#PROCESSED} or {@link Outcome#HANDLER_FAILED}. Called once, last.
     *
     * @param outcome the outcome
     */
    default void finished(Outcome outcome) {
    }

    /**
     * The handler is about to run on this thread; what this returns is closed on the same thread
     * once it has returned or thrown. A tracing listener makes its span current here, so that spans
     * the handler opens become its children. Called at most once, after {@link #event}.
     *
     * @return what to close when the handler is done; {@link Handling#NONE} when nothing
     */
    default Handling handling() {
        return Handling.NONE;
    }

    /**
     * The delivery's trace context as a W3C {@code traceparent} value, for the inbox to keep with the
     * stored delivery so that the attempts that process it later can link to the request that stored
     * it ({@link com.promptfloe.webhooks.inbox.InboxDelivery#traceParent()}).
     *
     * @return the {@code traceparent}, or {@code null} when this observation traces nothing
     */
    default String traceParent() {
        return null;
    }

    /** What {@link #handling} opened; closing it must not throw. */
    interface Handling extends AutoCloseable {

        /** Opens nothing. */
        Handling NONE = () -> {
        };

        /** Ends what {@link #handling} began, on the handler's thread. */
        @Override
        void close();
    }

    /**
     * Tells each of several observations; what one throws is logged and ignored.
     *
     * @param observations the observations
     * @return one observation that tells them all, in order
     */
    static DeliveryObservation of(List<DeliveryObservation> observations) {
        DeliveryObservation[] kept = new DeliveryObservation[observations.size()];
        int count = 0;
        for (DeliveryObservation observation : observations) {
            if (observation != null && observation != NONE) {
                kept[count++] = observation;
            }
        }
        return CompoundObservation.of(kept, count);
    }
}
