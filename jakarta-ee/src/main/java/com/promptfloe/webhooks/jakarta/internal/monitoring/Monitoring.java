package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.inbox.InboxWorker;
import com.promptfloe.webhooks.jakarta.internal.ConfigLookup;
import com.promptfloe.webhooks.jakarta.internal.ConfigProblem;
import com.promptfloe.webhooks.jakarta.internal.PromptFloeExtension;
import com.promptfloe.webhooks.jakarta.internal.WebhookSettings;
import com.promptfloe.webhooks.jdbc.JdbcProbe;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.WebhooksHealth;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The production layer of one application: finds which of OpenTelemetry and Micrometer the runtime
 * has (SmallRye Fault Tolerance's way: {@code Class.forName} at start-up, one listener per API found,
 * a compound when both, nothing when neither), and keeps the health status the MicroProfile Health
 * checks report. This class refers to none of those APIs, so it loads on a bare servlet container.
 */
public final class Monitoring {

    static final String OPENTELEMETRY = "io.opentelemetry.api.OpenTelemetry";
    static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";
    static final String MICROPROFILE_HEALTH = "org.eclipse.microprofile.health.HealthCheck";

    private static final String ATTRIBUTE = Monitoring.class.getName();
    private static final System.Logger LOG = System.getLogger(Monitoring.class.getName());

    private final DeliveryListener listener;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> endpoints = new TreeSet<>();
    private String ledgerKind = "caffeine";
    private WebhooksHealth.Probe ledgerProbe;
    private WebhooksHealth.Probe inboxProbe;
    private InboxWorker worker;
    private volatile WebhooksHealth health;

    private Monitoring(DeliveryListener listener) {
        this.listener = listener;
        rebuild();
    }

    /**
     * The application's monitoring, created on first use: the listeners the runtime's APIs allow.
     *
     * @param context the servlet context
     * @return the monitoring
     * @throws ConfigProblem for a bad switch
     */
    public static synchronized Monitoring forApplication(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof Monitoring existing) {
            return existing;
        }
        WebhookSettings.Monitoring switches = WebhookSettings.monitoring(ConfigLookup.forWeb(null, context));
        Monitoring monitoring = new Monitoring(listener(switches, context.getContextPath()));
        context.setAttribute(ATTRIBUTE, monitoring);
        try {
            CDI.current().getBeanManager().getExtension(PromptFloeExtension.class).monitoring(monitoring);
        } catch (RuntimeException | LinkageError e) {
            // No CDI container: there are no health check beans to serve it either.
        }
        return monitoring;
    }

    /**
     * Whether the application's class loader can see an API.
     *
     * @param className a class of the API
     * @return true when it loads
     */
    public static boolean present(String className) {
        try {
            Class.forName(className, false, Monitoring.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether MicroProfile Health is there to report to.
     *
     * @return true when its API loads
     */
    public static boolean healthPresent() {
        return present(MICROPROFILE_HEALTH);
    }

    private static DeliveryListener listener(WebhookSettings.Monitoring switches, String application) {
        List<DeliveryListener> listeners = new ArrayList<>();
        List<String> found = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        if ((switches.metrics() || switches.tracing()) && present(OPENTELEMETRY)) {
            try {
                listeners.add(OpenTelemetryListeners.create(switches.metrics(), switches.tracing(), clock, found));
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "PromptFloe webhooks: OpenTelemetry is present but could not be used; no"
                        + " OpenTelemetry metrics or traces", e);
            }
        }
        if (switches.metrics() && present(MICROMETER)) {
            try {
                listeners.add(MicrometerListeners.create(clock, found));
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "PromptFloe webhooks: Micrometer is present but could not be used; no"
                        + " Micrometer meters", e);
            }
        }
        LOG.log(Level.INFO, "PromptFloe webhooks operability for " + (application.isEmpty() ? "/" : application)
                + ": " + (found.isEmpty() ? "no metrics or traces (" + (!switches.metrics() && !switches.tracing()
                ? "both switched off" : "neither OpenTelemetry nor Micrometer found"
                + (switches.metrics() ? "" : ", metrics switched off")) + ")" : String.join(", ", found))
                + "; MicroProfile Health " + (healthPresent() ? switches.health() ? "checks reported" : "switched off"
                : "not found"));
        return DeliveryListener.of(listeners);
    }

    /**
     * What the receive path and the inbox worker report to.
     *
     * @return the listener, {@link DeliveryListener#NONE} when no API was found
     */
    public DeliveryListener listener() {
        return listener;
    }

    /**
     * Notes the application's ledger, for readiness and the eviction counter.
     *
     * @param ledger the ledger
     * @param kind {@code caffeine}, {@code jdbc} or {@code application}
     * @param dataSource the jdbc ledger's DataSource, else {@code null}
     */
    public synchronized void ledger(DeliveryLedger ledger, String kind, DataSource dataSource) {
        ledgerKind = kind;
        ledgerProbe = dataSource == null ? null : JdbcProbe.of(dataSource);
        if (ledger instanceof CaffeineDeliveryLedger caffeine) {
            listener.ledgerEvictions(caffeine::prematureEvictions);
        }
        rebuild();
    }

    /**
     * Notes the inbox and its worker, for readiness and liveness.
     *
     * @param dataSource the inbox's DataSource
     * @param inboxWorker the worker
     */
    public synchronized void inbox(DataSource dataSource, InboxWorker inboxWorker) {
        inboxProbe = JdbcProbe.of(dataSource);
        worker = inboxWorker;
        rebuild();
    }

    /**
     * Notes an endpoint whose filter started: the startup check is up from the first one on.
     *
     * @param endpoint the endpoint name
     */
    public synchronized void started(String endpoint) {
        endpoints.add(endpoint);
        rebuild();
        health.started();
    }

    /**
     * The health status as it stands.
     *
     * @return the status
     */
    public WebhooksHealth health() {
        return health;
    }

    private void rebuild() {
        WebhooksHealth.Builder builder = WebhooksHealth.builder().endpoints(endpoints).ledger(ledgerKind, ledgerProbe)
                .clock(clock);
        if (worker != null) {
            builder.inbox(inboxProbe, worker);
        }
        WebhooksHealth built = builder.build();
        if (!endpoints.isEmpty()) {
            built.started();
        }
        health = built;
    }
}
