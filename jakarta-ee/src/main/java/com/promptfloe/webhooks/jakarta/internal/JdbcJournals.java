package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_DATASOURCE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_TABLE;

import com.promptfloe.webhooks.journal.DeliveryJournal;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Makes the jdbc journal ({@code com.promptfloe.webhooks.jdbc.JdbcDeliveryJournal}) through its
 * builder. Reached by name so that this module builds while the jdbc journal is written on another
 * branch; once both are merged this can call the builder directly.
 */
final class JdbcJournals {

    static final String CLASS_NAME = "com.promptfloe.webhooks.jdbc.JdbcDeliveryJournal";

    private JdbcJournals() {
    }

    static boolean available() {
        return type() != null;
    }

    static DeliveryJournal create(DataSource dataSource, ConsoleSettings.Journal settings) {
        Class<?> type = type();
        if (type == null) {
            throw new ConfigProblem(ConfigProblem.UNSUPPORTED, CLASS_NAME + " is missing");
        }
        try {
            Object builder = type.getMethod("builder", DataSource.class).invoke(null, dataSource);
            Class<?> builderType = builder.getClass();
            builder = builderType.getMethod("table", String.class).invoke(builder, settings.table());
            builder = builderType.getMethod("createTable", boolean.class).invoke(builder, settings.createTable());
            builder = builderType.getMethod("retention", Duration.class).invoke(builder, settings.retention());
            return (DeliveryJournal) builderType.getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                throw new ConfigProblem(ConfigProblem.LEDGER_UNAVAILABLE, "the jdbc journal could not be built: "
                        + cause.getMessage() + " (check " + JOURNAL_DATASOURCE + ", " + JOURNAL_TABLE + " and "
                        + JOURNAL_CREATE_TABLE + ")");
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ConfigProblem(ConfigProblem.UNSUPPORTED, CLASS_NAME + " has not the expected builder ("
                    + e + "): use the same version of every promptfloe-webhooks JAR");
        }
    }

    private static Class<?> type() {
        try {
            return Class.forName(CLASS_NAME, true, JdbcJournals.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
