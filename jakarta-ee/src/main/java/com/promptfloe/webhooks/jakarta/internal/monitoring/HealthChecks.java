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
     * @param beanClass a class of the application, whose bean archive gets the beans (so that the
     *        runtime's health extension sees them); {@code null} for this class
     * @param monitoring reads the application's monitoring once it exists (after the servlet context started)
     */
    public static void register(AfterBeanDiscovery event, Class<?> beanClass, Supplier<Monitoring> monitoring) {
        Class<?> owner = beanClass != null ? beanClass : HealthChecks.class;
        add(event, owner, Readiness.Literal.INSTANCE, monitoring, WebhooksHealth::readiness);
        add(event, owner, Liveness.Literal.INSTANCE, monitoring, WebhooksHealth::liveness);
        add(event, owner, Startup.Literal.INSTANCE, monitoring, WebhooksHealth::startup);
    }

    private static void add(AfterBeanDiscovery event, Class<?> owner, Annotation kind,
            Supplier<Monitoring> monitoring, Function<WebhooksHealth, HealthReport> question) {
        HealthCheck check = () -> {
            Monitoring current = monitoring.get();
            if (current == null) {
                // No PromptFloe endpoint in this application (no secret set): nothing to be unhealthy about.
                return HealthCheckResponse.named(WebhooksHealth.NAME).up().withData("endpoints", "none").build();
            }
            return response(question.apply(current.health()));
        };
        event.addBean().beanClass(owner).types(HealthCheck.class, Object.class)
                .qualifiers(kind, jakarta.enterprise.inject.Any.Literal.INSTANCE).scope(ApplicationScoped.class)
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
