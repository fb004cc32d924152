package com.promptfloe.webhooks.examples.quickstart;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The application's Micrometer registry, as a bean: the PromptFloe library finds a {@link MeterRegistry}
 * bean at start-up and registers its meters there, so they show at {@code /metrics}.
 */
@ApplicationScoped
public class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    // Dependent, not a normal scope: MeterRegistry cannot be proxied, and this bean keeps the one instance.
    @Produces
    MeterRegistry registry() {
        return registry;
    }

    /**
     * The meters in Prometheus' text format.
     *
     * @return the scrape
     */
    public String scrape() {
        return registry.scrape();
    }
}
