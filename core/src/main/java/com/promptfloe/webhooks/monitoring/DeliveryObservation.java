package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.time.Duration;
import java.util.ArrayList;
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
        List<DeliveryObservation> kept = new ArrayList<>(observations.size());
        for (DeliveryObservation observation : observations) {
            if (observation != null && observation != NONE) {
                kept.add(observation);
            }
        }
        if (kept.isEmpty()) {
            return NONE;
        }
        // Plain loops, no lambda per call: this runs several times for every delivery.
        DeliveryObservation[] all = kept.toArray(new DeliveryObservation[0]);
        return new DeliveryObservation() {
            @Override
            public void arrived(HeaderLookup headers) {
                for (DeliveryObservation o : all) {
                    try {
                        o.arrived(headers);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public void signatureAge(Duration age) {
                for (DeliveryObservation o : all) {
                    try {
                        o.signatureAge(age);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public void event(PromptFloeEvent event) {
                for (DeliveryObservation o : all) {
                    try {
                        o.event(event);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public void payload(byte[] body) {
                for (DeliveryObservation o : all) {
                    try {
                        o.payload(body);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public void refused(String detail) {
                for (DeliveryObservation o : all) {
                    try {
                        o.refused(detail);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public void handled(Duration took, Throwable failure) {
                for (DeliveryObservation o : all) {
                    try {
                        o.handled(took, failure);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public void finished(Outcome outcome) {
                for (DeliveryObservation o : all) {
                    try {
                        o.finished(outcome);
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
            }

            @Override
            public Handling handling() {
                Handling[] opened = new Handling[all.length];
                for (int i = 0; i < all.length; i++) {
                    try {
                        opened[i] = all[i].handling();
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
                return () -> {
                    // Last opened, first closed: scopes nest.
                    for (int i = opened.length - 1; i >= 0; i--) {
                        if (opened[i] != null) {
                            try {
                                opened[i].close();
                            } catch (RuntimeException e) {
                                Safely.failed(e);
                            }
                        }
                    }
                };
            }

            @Override
            public String traceParent() {
                for (DeliveryObservation o : all) {
                    try {
                        String traceParent = o.traceParent();
                        if (traceParent != null) {
                            return traceParent;
                        }
                    } catch (RuntimeException e) {
                        Safely.failed(e);
                    }
                }
                return null;
            }
        };
    }
}
