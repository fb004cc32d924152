package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.monitoring.DeliveryListener;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Clock;
import java.util.List;

/** Finds the runtime's OpenTelemetry: loaded only once {@code Class.forName} found the API. */
final class OpenTelemetryListeners {

    private OpenTelemetryListeners() {
    }

    static DeliveryListener create(boolean metrics, boolean tracing, Clock clock, List<String> found) {
        OpenTelemetry openTelemetry = null;
        String source = "GlobalOpenTelemetry";
        try {
            // MicroProfile Telemetry (WildFly, Open Liberty, Payara) makes it a bean per application.
            Instance<OpenTelemetry> beans = CDI.current().select(OpenTelemetry.class);
            if (beans.isResolvable()) {
                openTelemetry = beans.get();
                source = "the MicroProfile Telemetry bean";
            }
        } catch (RuntimeException | LinkageError e) {
            // no CDI, or no bean: the global instance, a no-op until an agent or the application sets one
        }
        if (openTelemetry == null) {
            openTelemetry = GlobalOpenTelemetry.get();
        }
        OpenTelemetryListener listener = new OpenTelemetryListener(openTelemetry, metrics, tracing, clock);
        found.add(listener + " through " + source);
        return listener;
    }
}
