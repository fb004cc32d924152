package com.promptfloe.webhooks.jakarta.it.app;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Uses a request-scoped bean, which fails unless the request context is active for observers. */
@ApplicationScoped
public class RequestScopedObserver {

    @Inject
    CallRecorder recorder;

    @Inject
    Scratch scratch;

    void any(@Observes PromptFloeEvent event) {
        scratch.note(event.id());
        recorder.record("request-scope:" + scratch.noted());
    }

    /** One per request context. */
    @RequestScoped
    public static class Scratch {
        private String noted;

        void note(String value) {
            noted = value;
        }

        String noted() {
            return noted;
        }
    }
}
