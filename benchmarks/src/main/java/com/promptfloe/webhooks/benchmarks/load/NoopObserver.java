package com.promptfloe.webhooks.benchmarks.load;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Observes every PromptFloe event and does nothing: {@code benchmarks/run.sh load} puts it in place of
 * the quickstart's demo observers, whose list of received events grows with every request, so that
 * the comparison measures the library and not the demo.
 */
@ApplicationScoped
public class NoopObserver {

    /** Creates the observer; CDI calls it. */
    public NoopObserver() {
    }

    void onAnyEvent(@Observes PromptFloeEvent event) {
        // Nothing: the cost measured is the library's receive path and CDI's dispatch.
    }
}
