/**
 * What the receive path and the inbox worker report for dashboards, health checks and traces: a
 * {@link com.promptfloe.webhooks.monitoring.DeliveryListener} gets the facts of each delivery once,
 * and {@link com.promptfloe.webhooks.monitoring.WebhooksHealth} answers whether the ledger and the
 * inbox can be reached. The Jakarta EE module turns the facts into OpenTelemetry and Micrometer
 * metrics and spans, and the health into MicroProfile Health checks, when the runtime has them.
 */
package com.promptfloe.webhooks.monitoring;
