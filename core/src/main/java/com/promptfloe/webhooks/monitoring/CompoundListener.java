package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.inbox.InboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Tells each of several listeners, in order; one that fails does not keep the others from hearing,
 * nor the delivery from going on. Compounds inside compounds are flattened and {@link #NONE} is left
 * out when it is built, so a delivery makes one compound observation of the listeners that hear it.
 */
final class CompoundListener implements DeliveryListener {

    private final DeliveryListener[] each;

    private CompoundListener(DeliveryListener[] each) {
        this.each = each;
    }

    static DeliveryListener of(List<DeliveryListener> listeners) {
        List<DeliveryListener> flat = new ArrayList<>();
        for (DeliveryListener listener : List.copyOf(listeners)) {
            if (listener instanceof CompoundListener compound) {
                flat.addAll(List.of(compound.each));
            } else if (listener != NONE) {
                flat.add(listener);
            }
        }
        // Even a single listener is wrapped: whatever it throws stays out of the delivery path.
        return flat.isEmpty() ? NONE : new CompoundListener(flat.toArray(new DeliveryListener[0]));
    }

    @Override
    public DeliveryObservation received(String endpoint) {
        // A loop without a lambda or a list: this runs for every delivery.
        DeliveryObservation[] observations = new DeliveryObservation[each.length];
        int count = 0;
        for (DeliveryListener listener : each) {
            try {
                DeliveryObservation observation = listener.received(endpoint);
                if (observation != null && observation != DeliveryObservation.NONE) {
                    observations[count++] = observation;
                }
            } catch (RuntimeException e) {
                Safely.failed(e);
            }
        }
        return CompoundObservation.of(observations, count);
    }

    @Override
    public DeliveryObservation claimed(InboxEntry entry) {
        DeliveryObservation[] observations = new DeliveryObservation[each.length];
        int count = 0;
        for (DeliveryListener listener : each) {
            DeliveryObservation observation = Safely.call(() -> listener.claimed(entry));
            if (observation != DeliveryObservation.NONE) {
                observations[count++] = observation;
            }
        }
        return CompoundObservation.of(observations, count);
    }

    @Override
    public void inboxCounted(InboxCounts counts) {
        for (DeliveryListener listener : each) {
            Safely.run(() -> listener.inboxCounted(counts));
        }
    }

    @Override
    public void ledgerEvictions(LongSupplier premature) {
        Objects.requireNonNull(premature, "premature");
        for (DeliveryListener listener : each) {
            Safely.run(() -> listener.ledgerEvictions(premature));
        }
    }

    @Override
    public String toString() {
        return List.of(each).toString();
    }
}
