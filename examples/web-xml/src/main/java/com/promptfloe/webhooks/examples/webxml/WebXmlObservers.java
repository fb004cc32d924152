package com.promptfloe.webhooks.examples.webxml;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import com.promptfloe.webhooks.event.AppGenerated;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.PromptFloeEvent;

/**
 * What an application writes: one method per event type it cares about, plus, if it wants, one
 * for every event.
 *
 * <p>Each verified delivery is fired once as its typed event; observers of
 * {@link PromptFloeEvent} receive every type, including types this library does not know yet.
 * {@code @Priority} orders the observers of one event (lower first). When an observer throws,
 * the delivery is answered 500 and PromptFloe's retry is processed again, so observers must be
 * safe to run again for the same event id.
 */
@ApplicationScoped
public class WebXmlObservers {

    private static final Logger LOG = System.getLogger(WebXmlObservers.class.getName());

    @Inject
    ReceivedEvents received;

    void onAnyEvent(@Observes @Priority(Interceptor.Priority.APPLICATION) PromptFloeEvent event) {
        received.add("onAnyEvent", event);
    }

    void onDeploymentLive(@Observes @Priority(Interceptor.Priority.APPLICATION + 10) DeploymentLive event) {
        received.add("onDeploymentLive", event);
        LOG.log(Level.INFO, "Site {0} of app {1} is live at {2}", event.siteName(), event.appId(), event.url());
    }

    void onAppGenerated(@Observes @Priority(Interceptor.Priority.APPLICATION + 10) AppGenerated event) {
        received.add("onAppGenerated", event);
        LOG.log(Level.INFO, "App {0} generated, preview at {1}", event.appId(), event.previewUrl());
    }
}
