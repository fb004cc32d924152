package com.promptfloe.webhooks.jakarta.it.app;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.jakarta.PromptFloeEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** One observer per endpoint plus one for all, to prove the qualifier routes. */
@ApplicationScoped
public class EndpointObservers {

    @Inject
    CallRecorder recorder;

    void alpha(@Observes @PromptFloeEndpoint("alpha") PromptFloeEvent event) {
        recorder.record("alpha:" + event.id());
    }

    void beta(@Observes @PromptFloeEndpoint("beta") PromptFloeEvent event) {
        recorder.record("beta:" + event.id());
    }

    void all(@Observes PromptFloeEvent event) {
        recorder.record("all:" + event.id());
    }
}
