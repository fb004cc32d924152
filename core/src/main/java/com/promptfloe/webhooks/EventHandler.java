package com.promptfloe.webhooks;

import com.promptfloe.webhooks.event.PromptFloeEvent;

/**
 * Processes one verified, deduplicated event; when it returns the delivery is acknowledged.
 *
 * <pre>{@code
 * EventHandler handler = event -> {
 *     if (event instanceof DeploymentLive live) {
 *         notifyTeam(live.url());
 *     }
 * };
 * }</pre>
 *
 * <p>When it throws, the delivery is forgotten and answered with 500, so PromptFloe's retry is
 * processed. It must finish well within PromptFloe's 10 second timeout.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Processes the event.
     *
     * @param event the event
     * @throws Exception to refuse the delivery; PromptFloe will retry it
     */
    void handle(PromptFloeEvent event) throws Exception;
}
