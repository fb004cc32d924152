package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.inbox.InboxEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes down every fact it hears, one line each, for tests to compare. */
public final class RecordingListener implements DeliveryListener {

    /** One line per fact, such as {@code default finished processed}. */
    public final List<String> facts = new CopyOnWriteArrayList<>();
    /** The signature ages heard. */
    public final List<Duration> ages = new CopyOnWriteArrayList<>();
    /** The inbox counts heard. */
    public final List<InboxCounts> counts = new CopyOnWriteArrayList<>();

    @Override
    public DeliveryObservation received(String endpoint) {
        facts.add(endpoint + " received");
        return observation(endpoint);
    }

    @Override
    public DeliveryObservation claimed(InboxEntry entry) {
        facts.add(entry.endpoint() + " claimed " + entry.deliveryId());
        return observation(entry.endpoint());
    }

    @Override
    public void inboxCounted(InboxCounts counted) {
        counts.add(counted);
    }

    /**
     * The outcomes heard, in order.
     *
     * @return the outcomes' reasons
     */
    public List<String> outcomes() {
        return facts.stream().filter(f -> f.contains(" finished ")).map(f -> f.substring(f.lastIndexOf(' ') + 1))
                .toList();
    }

    private DeliveryObservation observation(String endpoint) {
        return new DeliveryObservation() {
            @Override
            public void signatureAge(Duration age) {
                ages.add(age);
            }

            @Override
            public void event(PromptFloeEvent event) {
                facts.add(endpoint + " event " + event.type());
            }

            @Override
            public void handled(Duration took, Throwable failure) {
                facts.add(endpoint + " handled " + (took.isNegative() ? "negative" : "")
                        + (failure == null ? "ok" : failure.getClass().getSimpleName()));
            }

            @Override
            public void finished(Outcome outcome) {
                facts.add(endpoint + " finished " + outcome.reason());
            }
        };
    }
}
