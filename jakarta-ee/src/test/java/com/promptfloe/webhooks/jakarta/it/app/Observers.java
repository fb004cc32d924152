package com.promptfloe.webhooks.jakarta.it.app;

import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.event.UnknownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Observers whose behaviour the test picks through the event's appId: {@code fail-once} throws on
 * the first attempt, {@code fail-twice} on the first two, {@code always-fail} on every one,
 * {@code block} waits until the test releases it.
 */
@ApplicationScoped
public class Observers {

    @Inject
    CallRecorder recorder;

    void any(@Observes @Priority(20) PromptFloeEvent event) {
        recorder.record("any:" + event.id());
        recorder.recordOrder(event.id(), "any");
    }

    void live(@Observes @Priority(10) DeploymentLive event) throws InterruptedException {
        int attempt = recorder.record("live-attempt:" + event.id());
        recorder.recordOrder(event.id(), "live");
        if ("fail-once".equals(event.appId()) && attempt == 1 || "fail-twice".equals(event.appId()) && attempt <= 2
                || "always-fail".equals(event.appId())) {
            throw new IllegalStateException("observer failure the test asked for");
        }
        if ("block".equals(event.appId())) {
            recorder.block(event.id());
        }
        recorder.record("live:" + event.id());
    }

    void unknown(@Observes UnknownEvent event) {
        recorder.record("unknown:" + event.id());
    }

    void later(@ObservesAsync DeploymentLive event) {
        recorder.record("async:" + event.id());
    }
}
