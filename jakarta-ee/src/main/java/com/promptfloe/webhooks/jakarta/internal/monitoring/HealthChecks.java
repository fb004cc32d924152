package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.monitoring.HealthReport;
import com.promptfloe.webhooks.monitoring.WebhooksHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * The MicroProfile Health checks, added as beans by the extension only when the API is present:
 * each reports one question of {@link WebhooksHealth}.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    /**
     * Adds the readiness, liveness and startup checks.
     *
     * @param event the container's event
     * @param monitoring reads the application's monitoring once it exists (after the servlet context started)
     */
    public static void register(AfterBeanDiscovery event, Supplier<Monitoring> monitoring) {
        add(event, Readiness.Literal.INSTANCE, monitoring, WebhooksHealth::readiness);
        add(event, Liveness.Literal.INSTANCE, monitoring, WebhooksHealth::liveness);
        add(event, Startup.Literal.INSTANCE, monitoring, WebhooksHealth::startup);
    }

    private static void add(AfterBeanDiscovery event, Annotation kind, Supplier<Monitoring> monitoring,
            Function<WebhooksHealth, HealthReport> question) {
        HealthCheck check = () -> {
            Monitoring current = monitoring.get();
            if (current == null) {
                // No PromptFloe endpoint in this application (no secret set): nothing to be unhealthy about.
                return HealthCheckResponse.named(WebhooksHealth.NAME).up().withData("endpoints", "none").build();
            }
            return response(question.apply(current.health()));
        };
        event.addBean().beanClass(HealthChecks.class).types(HealthCheck.class, Object.class)
                .qualifiers(kind).scope(ApplicationScoped.class)
                .id(HealthChecks.class.getName() + "." + kind.annotationType().getSimpleName())
                .createWith(context -> check);
    }

    static HealthCheckResponse response(HealthReport report) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(report.name()).status(report.up());
        for (Map.Entry<String, Object> entry : report.data().entrySet()) {
            if (entry.getValue() instanceof Long number) {
                builder.withData(entry.getKey(), number);
            } else if (entry.getValue() instanceof Boolean flag) {
                builder.withData(entry.getKey(), flag);
            } else {
                builder.withData(entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        return builder.build();
    }
}
