package com.promptfloe.webhooks.event;

/**
 * {@code deployment.live}: a deploy succeeded and its URL is live.
 *
 * <pre>{@code
 * void onLive(@Observes DeploymentLive event) {
 *     notifyTeam(event.appId(), event.url());
 * }
 * }</pre>
 *
 * @param metadata the envelope and delivery details
 * @param deploymentId the deployment
 * @param appId the app that was deployed
 * @param siteName the site's name
 * @param url where the deployment is live
 */
public record DeploymentLive(EventMetadata metadata, String deploymentId, String appId, String siteName, String url)
        implements PromptFloeEvent {
}
