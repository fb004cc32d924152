/**
 * The adapters from core's delivery listener and health status to the runtime's OpenTelemetry,
 * Micrometer and MicroProfile Health. Only {@link com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring}
 * may be loaded when those APIs are missing: every other class here refers to one of them and is
 * loaded only after {@code Class.forName} found it. Nothing here is a CDI bean by discovery (the JAR
 * has no beans.xml and these classes no bean-defining annotation); the health checks are added by
 * the extension.
 */
package com.promptfloe.webhooks.jakarta.internal.monitoring;
