package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.INBOX_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.INBOX_DATASOURCE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.INBOX_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.MODE;

import com.promptfloe.webhooks.EventHandler;
import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxWorker;
import com.promptfloe.webhooks.jdbc.JdbcDeliveryInbox;
import com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Inbox mode, once per application: the inbox on its DataSource, kept in the servlet context for
 * the filters, and the worker that fires the CDI events, started with the application and stopped
 * with it.
 */
public final class Inboxes implements ServletContextListener {

    static final String SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    static final String EXECUTOR = "java:comp/DefaultManagedExecutorService";
    /** How long stopping the application waits for observers that are running. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final String ATTRIBUTE = Inboxes.class.getName() + ".inbox";
    private static final System.Logger LOG = System.getLogger(Inboxes.class.getName());

    private final WebhookSettings.Inbox settings;
    private final List<String> endpoints;
    private InboxWorker worker;

    /**
     * The lifecycle of the inbox and its worker for these endpoints.
     *
     * @param settings  the inbox settings
     * @param endpoints the names of the endpoints in inbox mode
     */
    public Inboxes(WebhookSettings.Inbox settings, List<String> endpoints) {
        this.settings = settings;
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Checks that the inbox can be built (its DataSource exists, its table name is valid), without
     * touching the database.
     *
     * @param settings the inbox settings
     * @throws ConfigProblem when it cannot
     */
    public static void check(WebhookSettings.Inbox settings) {
        create(settings);
    }

    /**
     * The application's inbox, for a filter in inbox mode.
     *
     * @param context the servlet context
     * @return the inbox
     * @throws ConfigProblem when the application is not in inbox mode as a whole
     */
    public static DeliveryInbox forApplication(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof DeliveryInbox inbox) {
            return inbox;
        }
        throw new ConfigProblem(ConfigProblem.CONFLICT, "this filter is in inbox mode but the application is not: "
                + "the inbox and its worker are one per application, so set " + MODE + "=inbox as a context-param, "
                + "in MicroProfile Config or in the environment, not as one filter's init-param");
    }

    /**
     * The application's inbox when it is in inbox mode and started, for the console.
     *
     * @param context the servlet context
     * @return the inbox, or {@code null}
     */
    public static DeliveryInbox find(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof DeliveryInbox inbox ? inbox : null;
    }

    private static JdbcDeliveryInbox create(WebhookSettings.Inbox settings) {
        var dataSource = Ledgers.dataSource(INBOX_DATASOURCE, settings.dataSource());
        try {
            return JdbcDeliveryInbox.builder(dataSource).table(settings.table()).createTable(settings.createTable())
                    .retention(settings.retention()).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, "the inbox could not be built: " + e.getMessage()
                    + " (check " + INBOX_DATASOURCE + ", " + INBOX_TABLE + " and " + INBOX_CREATE_TABLE + ")");
        }
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        JdbcDeliveryInbox inbox = create(settings);
        ServletContext context = event.getServletContext();
        Instance<RequestContextController> controllers = CdiDispatcher.cdi(context).select(RequestContextController.class);
        InboxWorker.Builder builder = InboxWorker.builder(inbox).maxAttempts(settings.maxAttempts())
                .initialBackoff(settings.initialBackoff()).maxBackoff(settings.maxBackoff()).lease(settings.lease())
                .pollInterval(settings.pollInterval()).batchSize(settings.batchSize());
        for (String endpoint : endpoints) {
            builder.handler(endpoint, handler(CdiDispatcher.forEndpoint(endpoint, context), controllers));
        }
        ScheduledExecutorService scheduler = lookup(SCHEDULER, ScheduledExecutorService.class);
        ExecutorService executor = lookup(EXECUTOR, ExecutorService.class);
        if (scheduler != null) {
            builder.scheduler(scheduler);
        }
        if (executor != null) {
            builder.executor(executor);
        }
        if (scheduler == null || executor == null) {
            LOG.log(Level.INFO, "PromptFloe inbox: " + (scheduler == null ? SCHEDULER : EXECUTOR) + " is not available "
                    + "(no Jakarta Concurrency in this runtime): the worker polls on a private thread"
                    + (executor == null ? " and runs observers on it, one delivery at a time" : ""));
        }
        Monitoring monitoring = Monitoring.forApplication(event.getServletContext());
        worker = builder.listener(Journals.with(monitoring.listener(),
                Journals.forApplication(context, ConfigLookup.forWeb(null, context)))).build();
        monitoring.inbox(Ledgers.dataSource(INBOX_DATASOURCE, settings.dataSource()), worker);
        event.getServletContext().setAttribute(ATTRIBUTE, inbox);
        worker.start();
        LOG.log(Level.INFO, "PromptFloe inbox mode: " + inbox + ", endpoints " + endpoints + ", " + settings.maxAttempts()
                + " attempts, backoff " + settings.initialBackoff() + " to " + settings.maxBackoff());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(ATTRIBUTE);
        if (worker == null) {
            return;
        }
        try {
            worker.stop(STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fires a stored delivery like dispatch mode does, inside a request context of its own. */
    private static EventHandler handler(CdiDispatcher dispatcher, Instance<RequestContextController> controllers) {
        return event -> {
            try (Instance.Handle<RequestContextController> handle = controllers.getHandle()) {
                RequestContextController controller = handle.get();
                // Observers may use @RequestScoped beans, as they do when fired from a request.
                boolean activated = controller.activate();
                try {
                    dispatcher.fire(event);
                } finally {
                    if (activated) {
                        controller.deactivate();
                    }
                }
            }
            dispatcher.fireAsync(event);
        };
    }

    static <T> T lookup(String name, Class<T> type) {
        try {
            Object found = new InitialContext().lookup(name);
            return type.isInstance(found) ? type.cast(found) : null;
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }
}
