package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_DATASOURCE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_TABLE;

import com.promptfloe.webhooks.jdbc.JdbcDeliveryJournal;
import com.promptfloe.webhooks.journal.DeliveryJournal;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;

/**
 * Makes the {@code jdbc} journal from its settings; a bad table name becomes a {@link ConfigProblem}.
 * Its writer thread comes from the server's {@code ManagedThreadFactory} when there is one (Jakarta
 * Concurrency: WildFly, Open Liberty, Payara, GlassFish), else it is a plain daemon thread (Tomcat, Jetty).
 */
final class JdbcJournals {

    /** The server's default thread factory (Jakarta Concurrency). */
    static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private JdbcJournals() {
    }

    static DeliveryJournal create(DataSource dataSource, ConsoleSettings.Journal settings) {
        try {
            // Like the jdbc ledger, nothing waits for the database here: a database that is down now
            // does not stop the deployment; the journal drops and counts records until it is back.
            JdbcDeliveryJournal.Builder builder = JdbcDeliveryJournal.builder(dataSource).table(settings.table())
                    .createTable(settings.createTable()).retention(settings.retention());
            ThreadFactory managed = Inboxes.lookup(THREAD_FACTORY, ThreadFactory.class);
            if (managed != null) {
                builder.threadFactory(managed);
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, "the jdbc journal could not be built: "
                    + e.getMessage() + " (check " + JOURNAL_DATASOURCE + ", " + JOURNAL_TABLE + " and "
                    + JOURNAL_CREATE_TABLE + ")");
        }
    }
}
