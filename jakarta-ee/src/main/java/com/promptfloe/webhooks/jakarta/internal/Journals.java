package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_DATASOURCE;

import com.promptfloe.webhooks.journal.DeliveryJournal;
import com.promptfloe.webhooks.journal.InMemoryDeliveryJournal;
import com.promptfloe.webhooks.journal.JournalListener;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The application's delivery journal, once per application: made on first use (by a filter, the
 * inbox worker or the console), kept in the servlet context, closed when the application stops.
 * Register an instance as a context listener before the inbox's, so it closes after the worker stops.
 */
public final class Journals implements ServletContextListener {

    private static final String ATTRIBUTE = Journals.class.getName() + ".listener";
    private static final System.Logger LOG = System.getLogger(Journals.class.getName());

    /**
     * Checks that the configured journal can be made, without making it: the jdbc journal's
     * DataSource is looked up.
     *
     * @param settings the journal settings
     * @throws ConfigProblem when it cannot
     */
    public static void check(ConsoleSettings.Journal settings) {
        if (settings.enabled() && settings.kind().equals("jdbc")) {
            Ledgers.dataSource(JOURNAL_DATASOURCE, settings.dataSource());
        }
    }

    /**
     * The listener that writes the application's journal, made on first use.
     *
     * @param context the servlet context
     * @param config the configuration
     * @return the listener, or {@code null} when the journal is off
     * @throws ConfigProblem when the configured journal cannot be made
     */
    public static synchronized JournalListener forApplication(ServletContext context, ConfigLookup config) {
        Object existing = context.getAttribute(ATTRIBUTE);
        if (existing instanceof JournalListener listener) {
            return listener;
        }
        if (Boolean.FALSE.equals(existing)) {
            return null;
        }
        ConsoleSettings.Journal settings = ConsoleSettings.journal(config);
        if (!settings.enabled()) {
            context.setAttribute(ATTRIBUTE, Boolean.FALSE);
            return null;
        }
        JournalListener listener = JournalListener.builder(create(settings)).payloads(settings.payloads()).build();
        context.setAttribute(ATTRIBUTE, listener);
        LOG.log(Level.INFO, "PromptFloe delivery journal: " + listener.journal().describe()
                + (settings.payloads() ? ", verified payloads kept" : ""));
        return listener;
    }

    /**
     * The application's journal when one was made.
     *
     * @param context the servlet context
     * @return the journal, or {@code null}
     */
    public static DeliveryJournal find(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof JournalListener listener ? listener.journal() : null;
    }

    /**
     * The listeners a receiver or the inbox worker reports to: the monitoring's and the journal's.
     *
     * @param monitoring the monitoring's listener
     * @param journal the journal's listener, or {@code null}
     * @return one listener
     */
    public static DeliveryListener with(DeliveryListener monitoring, JournalListener journal) {
        return journal == null ? monitoring : DeliveryListener.of(List.of(monitoring, journal));
    }

    static DeliveryJournal create(ConsoleSettings.Journal settings) {
        if (settings.kind().equals("jdbc")) {
            return JdbcJournals.create(Ledgers.dataSource(JOURNAL_DATASOURCE, settings.dataSource()), settings);
        }
        return InMemoryDeliveryJournal.builder().maxRecords(settings.maxRecords()).retention(settings.retention())
                .build();
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // Made on first use.
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object existing;
        synchronized (Journals.class) {
            existing = context.getAttribute(ATTRIBUTE);
            context.removeAttribute(ATTRIBUTE);
        }
        if (existing instanceof JournalListener listener) {
            try {
                listener.journal().close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "PromptFloe delivery journal could not be closed: " + e, e);
            }
        }
    }
}
