package com.promptfloe.webhooks.jakarta.internal;

import com.promptfloe.webhooks.jakarta.PromptFloeWebhookFilter;
import com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig;
import com.promptfloe.webhooks.jakarta.internal.console.ConsoleRegistration;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Adds one {@link PromptFloeWebhookFilter} per configured endpoint, and only when a secret is
 * configured, so that the JAR alone changes nothing. A filter declared by hand in web.xml turns the
 * automatic registration off. Configuration mistakes fail the deployment here.
 */
public final class PromptFloeWebhookInitializer implements ServletContainerInitializer {

    private static final System.Logger LOG = System.getLogger(PromptFloeWebhookInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        ConfigLookup config = ConfigLookup.forWeb(null, context);
        try {
            Ledgers.check(WebhookSettings.ledger(config));
            checkClient(config);
            Journals.check(ConsoleSettings.journal(config));
            ConsoleSettings.Console console = ConsoleSettings.console(config);
            String authentication = console.enabled()
                    ? ConsoleRegistration.requireAuthentication(context, console) : null;
            WebhookSettings.Inbox inbox = null;
            if (WebhookSettings.mode(config) == WebhookSettings.Mode.INBOX) {
                inbox = WebhookSettings.inbox(config);
                Inboxes.check(inbox);
            }
            List<String> declaredByHand = context.getFilterRegistrations().values().stream()
                    .filter(filter -> PromptFloeWebhookFilter.class.getName().equals(filter.getClassName()))
                    .map(filter -> filter.getInitParameter(PromptFloeWebhookFilter.ENDPOINT_INIT_PARAM))
                    .map(WebhookSettings::endpointName)
                    .distinct().toList();
            if (!declaredByHand.isEmpty()) {
                LOG.log(Level.DEBUG, "PromptFloe webhook filter declared in web.xml: not registering another");
                // Before the inbox's listener: the journal closes after the worker stopped.
                context.addListener(new Journals());
                if (inbox != null) {
                    context.addListener(new Inboxes(inbox, declaredByHand));
                }
                if (console.enabled()) {
                    ConsoleRegistration.register(context, console, knownEndpoints(config, declaredByHand), config,
                            authentication);
                }
                return;
            }
            if (!WebhookSettings.configured(config)) {
                if (observesPromptFloeEvents()) {
                    throw new ConfigProblem(ConfigProblem.NO_SECRET, "the application observes PromptFloe events but "
                            + "promptfloe.webhooks.secret is not set, so nothing would ever deliver them: set it "
                            + "(context-param, MicroProfile Config or PROMPTFLOE_WEBHOOKS_SECRET)");
                }
                LOG.log(Level.DEBUG, "promptfloe.webhooks.secret is not set: PromptFloe webhook filter not registered");
                if (console.enabled()) {
                    LOG.log(Level.WARNING, "promptfloe.webhooks.console.enabled=true but no endpoint is configured "
                            + "(promptfloe.webhooks.secret is not set): the console is not added");
                }
                return;
            }
            List<WebhookSettings.Endpoint> endpoints = WebhookSettings.endpoints(config);
            for (WebhookSettings.Endpoint endpoint : endpoints) {
                register(context, endpoint);
            }
            context.addListener(new Journals());
            if (inbox != null) {
                context.addListener(new Inboxes(inbox, endpoints.stream().map(WebhookSettings.Endpoint::name).toList()));
            }
            if (console.enabled()) {
                ConsoleRegistration.register(context, console, endpoints, config, authentication);
            }
            context.addListener(new MonitoringStart(endpoints.stream().map(WebhookSettings.Endpoint::name).toList()));
        } catch (ConfigProblem e) {
            LOG.log(Level.ERROR, "PromptFloe webhooks configuration of " + context.getContextPath() + ": "
                    + e.getMessage());
            // Some containers (Open Liberty) only log an initializer's exception and start the application
            // anyway; every container must fail the start when a context listener throws.
            context.addListener(new FailStart(e));
        }
    }

    /**
     * Makes the ledger and the monitoring when the application starts, not at the first request
     * (Undertow starts filters lazily): readiness and startup checks answer from the start.
     */
    private static final class MonitoringStart implements ServletContextListener {
        private final List<String> endpoints;

        MonitoringStart(List<String> endpoints) {
            this.endpoints = endpoints;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            Ledgers.forApplication(context, ConfigLookup.forWeb(null, context));
            com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring monitoring =
                    com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring.forApplication(context);
            endpoints.forEach(monitoring::started);
        }
    }

    /** Stops the application's start with the configuration problem. */
    private static final class FailStart implements ServletContextListener {
        private final ConfigProblem problem;

        FailStart(ConfigProblem problem) {
            this.problem = problem;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            throw new IllegalStateException(problem.getMessage(), problem);
        }
    }

    private static void register(ServletContext context, WebhookSettings.Endpoint endpoint) {
        String name = "promptfloe-webhooks-" + endpoint.name();
        FilterRegistration.Dynamic filter = context.addFilter(name, PromptFloeWebhookFilter.class);
        if (filter == null) {
            // A filter of that name exists already: the application configured it by hand.
            return;
        }
        filter.setInitParameter(PromptFloeWebhookFilter.ENDPOINT_INIT_PARAM, endpoint.name());
        filter.setAsyncSupported(true);
        // Before the application's own filters: nothing of the application runs for a refused delivery.
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, endpoint.path());
        LOG.log(Level.INFO, "PromptFloe webhooks: endpoint '" + endpoint.name() + "' at " + context.getContextPath()
                + endpoint.path());
    }

    /** The endpoints of filters declared by hand, as far as the context's configuration knows them. */
    private static List<WebhookSettings.Endpoint> knownEndpoints(ConfigLookup config, List<String> names) {
        List<WebhookSettings.Endpoint> endpoints = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                endpoints.add(WebhookSettings.endpoint(config, name));
            } catch (ConfigProblem e) {
                // Its secret is one of the filter's init-params, which the filter checks when it starts.
                endpoints.add(new WebhookSettings.Endpoint(name, "", List.of(), java.time.Duration.ofMinutes(5), 0,
                        WebhookSettings.Mode.DISPATCH));
            }
        }
        return endpoints;
    }

    private static boolean observesPromptFloeEvents() {
        try {
            return CDI.current().getBeanManager().getExtension(PromptFloeExtension.class).observesPromptFloeEvents();
        } catch (RuntimeException | NoClassDefFoundError e) {
            // No CDI container (or not started yet): nothing can be observed.
            return false;
        }
    }

    // Here, unlike in the CDI extension, web.xml's context-params are visible too.
    private static void checkClient(ConfigLookup config) {
        if (config.find(PromptFloeWebhooksConfig.API_KEY).isPresent()) {
            WebhookSettings.api(config);
        } else if (injectsClient()) {
            throw new ConfigProblem(ConfigProblem.NO_API_KEY, "the application injects WebhooksClient but "
                    + PromptFloeWebhooksConfig.API_KEY + " is not set: set it and " + PromptFloeWebhooksConfig.API_URL
                    + " (context-param, MicroProfile Config or PROMPTFLOE_API_KEY and PROMPTFLOE_API_URL)");
        }
    }

    private static boolean injectsClient() {
        try {
            return CDI.current().getBeanManager().getExtension(PromptFloeExtension.class).injectsClient();
        } catch (RuntimeException | NoClassDefFoundError e) {
            return false;
        }
    }
}
