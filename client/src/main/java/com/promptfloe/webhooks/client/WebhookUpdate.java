package com.promptfloe.webhooks.client;

import com.promptfloe.webhooks.event.EventType;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A partial update: only the fields set here are sent, and PromptFloe keeps the others.
 *
 * <pre>{@code
 * client.update(id, WebhookUpdate.create().enabled(false));
 * }</pre>
 *
 * <p>Immutable: each method returns a new update.
 */
public final class WebhookUpdate {

    private final URI url;
    private final List<String> events;
    private final Boolean enabled;

    private WebhookUpdate(URI url, List<String> events, Boolean enabled) {
        this.url = url;
        this.events = events;
        this.enabled = enabled;
    }

    /**
     * An update that changes nothing yet.
     *
     * @return the empty update
     */
    public static WebhookUpdate create() {
        return new WebhookUpdate(null, null, null);
    }

    /**
     * Deliver to another URL.
     *
     * @param newUrl an absolute http or https URL
     * @return a new update
     */
    public WebhookUpdate url(URI newUrl) {
        return new WebhookUpdate(NewWebhook.checkUrl(newUrl), events, enabled);
    }

    /**
     * Replace the subscribed event types.
     *
     * @param names one or more wire names
     * @return a new update
     */
    public WebhookUpdate events(Collection<String> names) {
        return new WebhookUpdate(url, NewWebhook.checkEvents(names), enabled);
    }

    /**
     * Replace the subscribed event types.
     *
     * @param types one or more documented types
     * @return a new update
     */
    public WebhookUpdate events(EventType... types) {
        return events(Arrays.stream(types).map(EventType::wireName).toList());
    }

    /**
     * Pause ({@code false}) or resume ({@code true}) deliveries.
     *
     * @param on the new state
     * @return a new update
     */
    public WebhookUpdate enabled(boolean on) {
        return new WebhookUpdate(url, events, on);
    }

    /**
     * The new URL, when set.
     *
     * @return the URL or empty
     */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /**
     * The new event types, when set.
     *
     * @return the names or empty
     */
    public Optional<List<String>> events() {
        return Optional.ofNullable(events);
    }

    /**
     * The new state, when set.
     *
     * @return the state or empty
     */
    public Optional<Boolean> enabled() {
        return Optional.ofNullable(enabled);
    }

    /**
     * Whether nothing is set.
     *
     * @return true for an update that would change nothing
     */
    public boolean isEmpty() {
        return url == null && events == null && enabled == null;
    }

    @Override
    public String toString() {
        return "WebhookUpdate[" + (url != null ? "url=" + url + " " : "") + (events != null ? "events=" + events + " " : "")
                + (enabled != null ? "enabled=" + enabled : "") + "]";
    }
}
