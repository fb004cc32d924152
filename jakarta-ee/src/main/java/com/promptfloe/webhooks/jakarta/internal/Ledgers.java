package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER_DATASOURCE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.LEDGER_TABLE;

import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Finds the one ledger of the application: the application's own {@link DeliveryLedger} bean when
 * it has one, else the one {@code promptfloe.webhooks.ledger} selects. All endpoints share it
 * (their keys are prefixed with the endpoint name).
 */
public final class Ledgers {

    static final String JDBC_LEDGER = "com.promptfloe.webhooks.jdbc.JdbcDeliveryLedger";
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
        } else {
            ledger = create(WebhookSettings.ledger(config));
        }
        context.setAttribute(ATTRIBUTE, ledger);
        return ledger;
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
            jdbcLedgerClass();
            dataSource(settings.dataSource());
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
        Class<?> type = jdbcLedgerClass();
        DataSource dataSource = dataSource(settings.dataSource());
        try {
            // Reflection keeps the jdbc module optional: most applications never put it in WEB-INF/lib.
            Object builder = type.getMethod("builder", DataSource.class).invoke(null, dataSource);
            Class<?> builderType = builder.getClass();
            call(builderType, builder, "table", String.class, settings.table());
            call(builderType, builder, "createTable", boolean.class, settings.createTable());
            call(builderType, builder, "dedupeWindow", Duration.class, settings.dedupeWindow());
            call(builderType, builder, "inFlightLease", Duration.class, settings.inFlightLease());
            return (DeliveryLedger) builderType.getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, "the jdbc ledger could not be built: " + cause
                    + " (check " + LEDGER_DATASOURCE + ", " + LEDGER_TABLE + " and " + LEDGER_CREATE_TABLE + ")");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, "the promptfloe-webhooks-jdbc JAR does not "
                    + "match this promptfloe-webhooks-jakarta-ee version: " + e);
        }
    }

    private static void call(Class<?> type, Object target, String name, Class<?> parameter, Object value)
            throws ReflectiveOperationException {
        Method method = type.getMethod(name, parameter);
        method.invoke(target, value);
    }

    private static Class<?> jdbcLedgerClass() {
        ClassLoader loader = Ledgers.class.getClassLoader();
        try {
            return Class.forName(JDBC_LEDGER, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, LEDGER + " = 'jdbc' needs the module "
                    + "com.promptfloe:promptfloe-webhooks-jdbc in WEB-INF/lib (class " + JDBC_LEDGER
                    + " not found): add that dependency, or use " + LEDGER + "=caffeine");
        }
    }

    private static DataSource dataSource(String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, LEDGER_DATASOURCE + " = '" + name
                    + "' names a " + (found == null ? "null" : found.getClass().getName()) + ", not a DataSource");
        } catch (NamingException e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, LEDGER_DATASOURCE + " = '" + name
                    + "' could not be looked up (" + e.getMessage() + "): define that DataSource in the server or "
                    + "point the key at one that exists");
        }
    }
}
