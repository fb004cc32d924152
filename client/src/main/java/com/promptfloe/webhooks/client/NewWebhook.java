package com.promptfloe.webhooks.client;

import com.promptfloe.webhooks.event.EventType;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to subscribe: the endpoint's URL and the event types it wants.
 *
 * <pre>{@code
 * NewWebhook wanted = NewWebhook.of(URI.create("https://shop.example.com/webhooks/promptfloe"),
 *         EventType.DEPLOYMENT_LIVE, EventType.DEPLOYMENT_FAILED);
 * }</pre>
 *
 * <p>Event names are PromptFloe's wire names ({@code deployment.live}); names this library does not
 * know are sent as given, since PromptFloe adds types over time, and PromptFloe refuses unknown
 * ones with {@link InvalidRequestException}.
 *
 * @param url     an absolute http or https URL
 * @param events  one or more event type names, without repeats
 * @param enabled false to create the subscription paused
 */
public record NewWebhook(URI url, List<String> events, boolean enabled) {

    /**
     * Checks the values.
     *
     * @param url     the URL
     * @param events  the event names
     * @param enabled whether deliveries start at once
     * @throws IllegalArgumentException when the URL is not absolute http(s) or no event is named
     */
    public NewWebhook {
        url = checkUrl(url);
        events = checkEvents(events);
    }

    /**
     * An enabled subscription to some documented event types.
     *
     * @param url    the endpoint
     * @param events the types
     * @return the request
     */
    public static NewWebhook of(URI url, EventType... events) {
        return new NewWebhook(url, Arrays.stream(events).map(EventType::wireName).toList(), true);
    }

    /**
     * An enabled subscription to event types named on the wire.
     *
     * @param url    the endpoint
     * @param events the names, such as {@code deployment.live}
     * @return the request
     */
    public static NewWebhook of(URI url, Collection<String> events) {
        return new NewWebhook(url, List.copyOf(events), true);
    }

    /**
     * The same subscription created paused.
     *
     * @return a new request
     */
    public NewWebhook disabled() {
        return new NewWebhook(url, events, false);
    }

    static URI checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("the webhook URL must be an absolute http or https URL with a host, "
                    + "such as https://shop.example.com/webhooks/promptfloe: " + url);
        }
        return url;
    }

    static List<String> checkEvents(Collection<String> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("name at least one event type, such as deployment.live");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || event.isBlank() || !event.strip().equals(event)) {
                throw new IllegalArgumentException("event type names must not be blank or padded: " + events);
            }
            if (!unique.add(event)) {
                throw new IllegalArgumentException("event type " + event + " is named twice: " + events);
            }
        }
        return List.copyOf(unique);
    }
}
