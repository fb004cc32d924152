package com.promptfloe.webhooks.examples.runner.probe.lib;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

/** Counts the observers of {@link ProbeEvent}, as the library's extension collects observers. */
public class ProbeExtension implements Extension {
    static final AtomicInteger OBSERVERS = new AtomicInteger();

    void observer(@Observes ProcessObserverMethod<ProbeEvent, ?> event) {
        OBSERVERS.incrementAndGet();
    }

    /** Lets the application report what the extension saw. */
    public static int observers() {
        return OBSERVERS.get();
    }
}
