package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.time.Duration;
import java.util.Arrays;

/**
 * Tells each of several observations, in order; what one throws is logged and ignored. Plain loops
 * over an array, no lambda and no list per call: this runs several times for every delivery.
 */
final class CompoundObservation implements DeliveryObservation {

    private final DeliveryObservation[] all;

    private CompoundObservation(DeliveryObservation[] all) {
        this.all = all;
    }

    /**
     * One observation for the first {@code count} of {@code kept}, none of them {@code null} or {@link #NONE}.
     *
     * @param kept the observations; owned by the result from now on
     * @param count how many of them to tell
     * @return {@link #NONE} for none, else the compound (even of one: what it throws stays out of the delivery)
     */
    static DeliveryObservation of(DeliveryObservation[] kept, int count) {
        if (count == 0) {
            return NONE;
        }
        return new CompoundObservation(count == kept.length ? kept : Arrays.copyOf(kept, count));
    }

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
}
