package com.promptfloe.webhooks.jakarta.internal.monitoring;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A span context as the W3C {@code traceparent} value the inbox keeps with a delivery, and back:
 * OpenTelemetry's own propagator reads it, so any version it accepts is accepted.
 */
final class TraceParents {

    private static final String HEADER = "traceparent";

    private static final TextMapGetter<String> VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceParents() {
    }

    /** The {@code traceparent} of a span, or {@code null} for an invalid (not recording, no-op) one. */
    static String format(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The span context a kept {@code traceparent} names, or {@code null} when none or unreadable. */
    static SpanContext parse(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, VALUE);
        SpanContext context = Span.fromContext(extracted).getSpanContext();
        return context.isValid() ? context : null;
    }
}
