package com.promptfloe.webhooks.jakarta.internal;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import com.promptfloe.webhooks.jakarta.internal.monitoring.HealthChecks;
import com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Notes which PromptFloe event types the application observes, logs them, and reports
 * configuration mistakes it can see before the web application starts (MicroProfile Config and
 * environment values; web.xml is checked by {@link PromptFloeWebhookInitializer}).
 */
public final class PromptFloeExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(PromptFloeExtension.class.getName());

    private static final String CLIENT = "com.promptfloe.webhooks.client.WebhooksClient";

    private final Set<String> observed = new TreeSet<>();
    private volatile boolean observesPromptFloeEvents;
    private volatile boolean injectsClient;
    private volatile boolean applicationProducesClient;

    void injectionPoint(@Observes ProcessInjectionPoint<?, ?> event) {
        if (isClient(event.getInjectionPoint().getType())) {
            injectsClient = true;
        }
    }

    void bean(@Observes ProcessBean<?> event) {
        if (event.getBean().getTypes().stream().anyMatch(PromptFloeExtension::isClient)) {
            applicationProducesClient = true;
        }
    }

    // The client is added only when its classes are there (the JAR comes with this one, but a WAR may
    // leave it out) and the application does not produce its own.
    void addClient(@Observes AfterBeanDiscovery discovery, BeanManager beans) {
        if (applicationProducesClient) {
            LOG.log(Level.DEBUG, "the application produces its own WebhooksClient: not adding one");
            return;
        }
        try {
            Class.forName(CLIENT, false, PromptFloeExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(Level.DEBUG, "promptfloe-webhooks-client is not in the application: no WebhooksClient bean");
            return;
        }
        ClientBean.add(discovery, beans);
    }

    private static boolean isClient(Type type) {
        return type instanceof Class<?> c && c.getName().equals(CLIENT);
    }
    private volatile Monitoring monitoring;
    // A bean class of the application, named as the health checks' bean class. Visibility to the
    // runtime's health extension does not come from it: on WildFly 38 (Weld 5.1) the checks stayed in
    // this extension's archive whatever class was named; META-INF/beans.xml makes that archive visible.
    private volatile Class<?> applicationBeanClass;

    void collect(@Observes ProcessObserverMethod<?, ?> event) {
        ObserverMethod<?> observer = event.getObserverMethod();
        Class<?> raw = rawType(observer.getObservedType());
        if (raw == null || raw == Object.class || !PromptFloeEvent.class.isAssignableFrom(raw)) {
            return;
        }
        observesPromptFloeEvents = true;
        if (applicationBeanClass == null && observer.getBeanClass() != null
                && observer.getBeanClass().getClassLoader() != PromptFloeExtension.class.getClassLoader()) {
            applicationBeanClass = observer.getBeanClass();
        }
        String qualifiers = observer.getObservedQualifiers().stream().map(Annotation::toString)
                .collect(Collectors.joining(" "));
        synchronized (observed) {
            observed.add((qualifiers.isEmpty() ? "" : qualifiers + " ") + raw.getSimpleName()
                    + (observer.isAsync() ? " (async)" : "")
                    + (observer.getReception() == Reception.IF_EXISTS ? " (if exists)" : ""));
        }
    }

    void addHealthChecks(@Observes AfterBeanDiscovery event) {
        // HealthChecks refers to the MicroProfile Health API: it is loaded only when the API is there.
        if (Monitoring.healthPresent() && healthEnabled()) {
            HealthChecks.register(event, applicationBeanClass, () -> monitoring);
        }
    }

    private static boolean healthEnabled() {
        try {
            return WebhookSettings.monitoring(ConfigLookup.withoutServletContext()).health();
        } catch (ConfigProblem e) {
            return true; // reported as a deployment problem by validate()
        }
    }

    /**
     * Hands over the application's monitoring, once its servlet context made it.
     *
     * @param current the monitoring
     */
    public void monitoring(Monitoring current) {
        this.monitoring = current;
    }

    void validate(@Observes AfterDeploymentValidation validation, BeanManager beans) {
        synchronized (observed) {
            if (!observed.isEmpty()) {
                LOG.log(Level.INFO, "PromptFloe webhooks: the application observes " + String.join(", ", observed));
            }
        }
        for (ConfigProblem problem : WebhookSettings.problems(ConfigLookup.withoutServletContext())) {
            // A missing secret may still come from web.xml, which only the initializer can read.
            if (!problem.code().equals(ConfigProblem.NO_SECRET)) {
                validation.addDeploymentProblem(problem);
            }
        }
        Set<Bean<?>> ledgers = beans.getBeans(DeliveryLedger.class);
        if (ledgers.size() > 1) {
            try {
                beans.resolve(ledgers);
            } catch (AmbiguousResolutionException e) {
                validation.addDeploymentProblem(new ConfigProblem(ConfigProblem.AMBIGUOUS_LEDGER, "the application "
                        + "has several DeliveryLedger beans and none is selected (" + ledgers.stream()
                        .map(bean -> bean.getBeanClass().getName()).collect(Collectors.joining(", "))
                        + "): keep one, or mark one @Alternative @Priority(...)"));
            }
        }
    }

    /**
     * Whether an injection point asks for the management API client.
     *
     * @return true when one does
     */
    public boolean injectsClient() {
        return injectsClient;
    }

    /**
     * Whether any observer method takes a PromptFloe event type.
     *
     * @return true when at least one does
     */
    public boolean observesPromptFloeEvents() {
        return observesPromptFloeEvents;
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
