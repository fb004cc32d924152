package com.promptfloe.webhooks.jakarta.internal;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.jakarta.PromptFloeEndpoint;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.System.Logger.Level;

/**
 * Fires each delivery as a CDI event qualified with its endpoint. The runtime type of the record
 * ({@code DeploymentLive}, ...) selects the observers, so observers of {@link PromptFloeEvent}
 * get every event.
 */
public final class CdiDispatcher {

    private static final System.Logger LOG = System.getLogger(CdiDispatcher.class.getName());

    private final Event<Object> events;

    private CdiDispatcher(Event<Object> events) {
        this.events = events;
    }

    /**
     * The dispatcher of one endpoint.
     *
     * @param endpoint the endpoint name, used as the qualifier value
     * @return the dispatcher
     * @throws ConfigProblem when the application has no CDI container
     */
    public static CdiDispatcher forEndpoint(String endpoint) {
        return new CdiDispatcher(cdi().getBeanManager().getEvent().select(PromptFloeEndpoint.Literal.of(endpoint)));
    }

    /**
     * The application's CDI container, which dispatch and inbox mode both need to fire events.
     *
     * @return the container
     * @throws ConfigProblem when the application has none
     */
    static CDI<Object> cdi() {
        try {
            return CDI.current();
        } catch (IllegalStateException | NoClassDefFoundError e) {
            throw new ConfigProblem(ConfigProblem.UNSUPPORTED, "promptfloe.webhooks.mode 'dispatch' and 'inbox' fire "
                    + "CDI events, but this application has no CDI container (" + e + "): enable CDI, or use "
                    + "verify-only mode and read the event from the request attribute");
        }
    }

    /**
     * Calls every synchronous observer, in {@code @Priority} order; the first exception stops it.
     *
     * @param event the event
     */
    public void fire(PromptFloeEvent event) {
        events.fire(event);
    }

    /**
     * Starts the {@code @ObservesAsync} observers; their failures are logged only, because the
     * delivery has been acknowledged already.
     *
     * @param event the event, already recorded as processed
     */
    public void fireAsync(PromptFloeEvent event) {
        events.fireAsync(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.log(Level.ERROR, "an @ObservesAsync observer of PromptFloe " + event.type() + " " + event.id()
                        + " (delivery " + event.deliveryId() + ") failed; the delivery was acknowledged already, "
                        + "so PromptFloe will not retry it", failure);
            }
        });
    }
}
