package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER_DATASOURCE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER_TABLE;

import com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.jdbc.JdbcDeliveryLedger;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Finds the one ledger of the application: the application's own {@link DeliveryLedger} bean when
 * it has one, else the one {@code promptfloe.webhooks.ledger} selects. All endpoints share it
 * (their keys are prefixed with the endpoint name).
 */
public final class Ledgers {

    private static final String ATTRIBUTE = Ledgers.class.getName() + ".ledger";
    private static final System.Logger LOG = System.getLogger(Ledgers.class.getName());

    private Ledgers() {
    }

    /**
     * The application's ledger, created on first use and kept in the servlet context.
     *
     * @param context the servlet context
     * @param config  the configuration
     * @return the ledger
     * @throws ConfigProblem when the configured ledger cannot be built
     */
    public static synchronized DeliveryLedger forApplication(ServletContext context, ConfigLookup config) {
        Object existing = context.getAttribute(ATTRIBUTE);
        if (existing instanceof DeliveryLedger ledger) {
            return ledger;
        }
        DeliveryLedger ledger = applicationBean();
        if (ledger != null) {
            LOG.log(Level.INFO, "PromptFloe webhooks use the application's DeliveryLedger bean");
            Monitoring.forApplication(context).ledger(ledger, "application", null);
        } else {
            WebhookSettings.Ledger settings = WebhookSettings.ledger(config);
            ledger = create(settings);
            Monitoring.forApplication(context).ledger(ledger, settings.kind(), settings.kind().equals("jdbc")
                    ? dataSource(LEDGER_DATASOURCE, settings.dataSource()) : null);
        }
        context.setAttribute(ATTRIBUTE, ledger);
        return ledger;
    }

    /**
     * The application's ledger when one was made, for the console.
     *
     * @param context the servlet context
     * @return the ledger, or {@code null}
     */
    public static DeliveryLedger find(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof DeliveryLedger ledger ? ledger : null;
    }

    /**
     * Checks that the configured ledger can be built, without building it: for start-up, when the
     * CDI container may not be ready yet.
     *
     * @param settings the ledger settings
     * @throws ConfigProblem when it cannot
     */
    public static void check(WebhookSettings.Ledger settings) {
        if (settings.kind().equals("jdbc")) {
            jdbc(settings); // builds lazily: this looks the DataSource up and checks the table name only
        }
    }

    private static DeliveryLedger applicationBean() {
        Instance<DeliveryLedger> beans;
        try {
            beans = CDI.current().select(DeliveryLedger.class);
        } catch (IllegalStateException | NoClassDefFoundError e) {
            return null; // no CDI: the configured default is all there is
        }
        if (beans.isAmbiguous()) {
            throw new ConfigProblem(ConfigProblem.AMBIGUOUS_LEDGER, "the application has several DeliveryLedger "
                    + "beans and none is selected: keep one, or mark one @Alternative @Priority(...)");
        }
        return beans.isResolvable() ? beans.get() : null;
    }

    static DeliveryLedger create(WebhookSettings.Ledger settings) {
        if (settings.kind().equals("jdbc")) {
            return jdbc(settings);
        }
        return CaffeineDeliveryLedger.builder().dedupeWindow(settings.dedupeWindow())
                .inFlightLease(settings.inFlightLease()).maximumSize(settings.maximumSize()).build();
    }

    private static DeliveryLedger jdbc(WebhookSettings.Ledger settings) {
        DataSource dataSource = dataSource(LEDGER_DATASOURCE, settings.dataSource());
        try {
            // Nothing touches the database before the first delivery, so a database that is down now
            // does not stop the deployment: its deliveries get 503 until it is back.
            return JdbcDeliveryLedger.builder(dataSource).table(settings.table()).createTable(settings.createTable())
                    .dedupeWindow(settings.dedupeWindow()).inFlightLease(settings.inFlightLease()).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, "the jdbc ledger could not be built: "
                    + e.getMessage() + " (check " + LEDGER_DATASOURCE + ", " + LEDGER_TABLE + " and "
                    + LEDGER_CREATE_TABLE + ")");
        }
    }

    static DataSource dataSource(String key, String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, key + " = '" + name
                    + "' names a " + (found == null ? "null" : found.getClass().getName()) + ", not a DataSource");
        } catch (NamingException e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, key + " = '" + name
                    + "' could not be looked up (" + e.getMessage() + "): define that DataSource in the server or "
                    + "point the key at one that exists");
        }
    }
}
