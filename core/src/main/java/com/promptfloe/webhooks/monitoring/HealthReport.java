package com.promptfloe.webhooks.monitoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One health answer of {@link WebhooksHealth}: up or down, with data for the operator.
 *
 * <pre>{@code
 * HealthReport ready = health.readiness();
 * response.setStatus(ready.up() ? 200 : 503);
 * }</pre>
 *
 * @param name the check's name, {@value WebhooksHealth#NAME}
 * @param up whether the check passes
 * @param data what the check found (endpoints, ledger kind, inbox backlog, the reason when down), in order
 */
public record HealthReport(String name, boolean up, Map<String, Object> data) {

    /**
     * Checks the parts and keeps an unmodifiable copy of the data, in its order.
     *
     * @param name the name
     * @param up up or down
     * @param data the data
     */
    public HealthReport {
        Objects.requireNonNull(name, "name");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
