package com.promptfloe.webhooks.examples.runner.probe.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.promptfloe.webhooks.examples.runner.probe.lib.ProbeEvent;

/** Records every event the filter fires. */
@ApplicationScoped
public class ProbeObserver {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    void on(@Observes ProbeEvent event) {
        seen.add(event.id());
    }

    List<String> seen() {
        return seen;
    }
}
