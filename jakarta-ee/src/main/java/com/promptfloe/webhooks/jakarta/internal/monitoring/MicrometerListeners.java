package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.monitoring.DeliveryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Clock;
import java.util.List;

/** Finds the application's Micrometer registry: loaded only once {@code Class.forName} found the API. */
final class MicrometerListeners {

    private MicrometerListeners() {
    }

    static DeliveryListener create(Clock clock, List<String> found) {
        MeterRegistry registry = null;
        String source = "Metrics.globalRegistry";
        try {
            // WildFly's micrometer subsystem, or an application that produces its own registry.
            Instance<MeterRegistry> beans = CDI.current().select(MeterRegistry.class);
            if (beans.isResolvable()) {
                registry = beans.get();
                source = "the MeterRegistry bean";
            }
        } catch (RuntimeException | LinkageError e) {
            // no CDI, or no bean
        }
        if (registry == null) {
            registry = Metrics.globalRegistry;
        }
        MicrometerListener listener = new MicrometerListener(registry, clock);
        found.add("Micrometer meters in " + source);
        return listener;
    }
}
