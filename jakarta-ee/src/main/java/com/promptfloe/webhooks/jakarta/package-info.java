/**
 * Receive PromptFloe webhooks in a WAR: add the JAR, set {@code promptfloe.webhooks.secret},
 * observe the typed events.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Deployments {
 *     void onLive(@Observes DeploymentLive event) {
 *         System.out.println(event.url() + " is live");
 *     }
 * }
 * }</pre>
 *
 * <p>{@link com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig} lists the settings,
 * {@link com.promptfloe.webhooks.jakarta.PromptFloeWebhookFilter} the receive path and the
 * verify-only mode, {@link com.promptfloe.webhooks.jakarta.PromptFloeEndpoint} how to observe one
 * endpoint of several.
 */
package com.promptfloe.webhooks.jakarta;
