package com.promptfloe.webhooks.jdbc.internal;

import com.promptfloe.webhooks.ledger.LedgerException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Finds or creates the JDBC ledger's table: the database's dialect, the DDL, the check of the columns,
 * and the refusal of a table in the earlier layout of one row per key (as {@link InboxTable} does for
 * the inbox and {@link JournalTable} for the journal).
 */
public final class LedgerTable {

    /** Where the README explains the move from the one-row-per-key layout. */
    static final String MIGRATION = "\"Migrating from the one-row-per-key layout\" in the README of"
            + " promptfloe-webhooks-jdbc";

    private static final System.Logger LOG = System.getLogger(LedgerTable.class.getName());

    private LedgerTable() {
    }

    /**
     * The database of a table that is there.
     *
     * @param dialect the database's dialect
     * @param where the database, for messages: product, version and URL without credentials
     */
    public record Ready(Dialect dialect, String where) {
    }

    /**
     * Detects the database and makes sure the table is there in the current layout, creating it when
     * allowed.
     *
     * @param connection an open connection
     * @param table a validated table name
     * @param createTable whether to create the table when it is missing
     * @return the database
     * @throws SQLException when the database cannot be asked
     * @throws LedgerException when the table is missing and may not be created, cannot be created, or
     *     has the earlier layout
     */
    public static Ready ready(Connection connection, String table, boolean createTable) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        Dialect dialect = Dialect.detect(metaData);
        String where = SqlErrors.database(metaData);
        if (hasOldLayout(connection, table)) {
            throw new LedgerException("PromptFloe delivery ledger cannot use table " + table + " on " + where
                    + ": it has the earlier layout of one row per key (column delivery_key),"
                    + " and this version keeps one row per delivery. Migrate it with the SQL for " + dialect
                    + " in " + MIGRATION + " (stop the nodes of the old version first), or point"
                    + " promptfloe.webhooks.ledger.table at a new table.", null);
        }
        if (createTable) {
            create(connection, table, dialect, where);
        } else {
            SQLException missing = probe(connection, table);
            if (missing != null) {
                throw new LedgerException("PromptFloe delivery ledger cannot use table " + table + " on " + where
                        + ": " + SqlErrors.describe(missing) + ". Create it with the DDL for " + dialect
                        + " in the README, or let the ledger create it"
                        + " (promptfloe.webhooks.ledger.create-table=true).", SqlErrors.safeCause(missing));
            }
        }
        LOG.log(System.Logger.Level.INFO, "PromptFloe delivery ledger uses table " + table + " on " + where);
        return new Ready(dialect, where);
    }

    private static void create(Connection connection, String table, Dialect dialect, String where) {
        if (!dialect.createIsIdempotent() && probe(connection, table) == null) {
            return;
        }
        SQLException failure = null;
        try (Statement ddl = connection.createStatement()) {
            for (String statement : dialect.createTable(table)) {
                ddl.execute(statement);
            }
        } catch (SQLException e) {
            failure = e;
        }
        SQLException missing = probe(connection, table);
        if (missing == null) {
            if (failure != null) {
                // Two nodes creating the table at once: PostgreSQL may fail the slower one.
                String reason = SqlErrors.describe(failure);
                LOG.log(System.Logger.Level.DEBUG, () -> "table " + table + " exists after a failed create: " + reason);
            }
            return;
        }
        SQLException cause = failure != null ? failure : missing;
        throw new LedgerException("PromptFloe delivery ledger could not create table " + table + " on " + where
                + ": " + SqlErrors.describe(cause) + ". Check that the database user may CREATE TABLE and CREATE"
                + " INDEX, or create the table by hand with the DDL for " + dialect + " in the README and set"
                + " promptfloe.webhooks.ledger.create-table=false.", SqlErrors.safeCause(cause));
    }

    /** Answers {@code null} when the table is there with every column the ledger uses. */
    private static SQLException probe(Connection connection, String table) {
        return Jdbc.probe(connection, "SELECT " + Dialect.COLUMNS + " FROM " + table + " WHERE 1 = 0");
    }

    /** Whether the table is there in the layout of one row per key, which this version cannot use. */
    private static boolean hasOldLayout(Connection connection, String table) {
        return Jdbc.probe(connection, "SELECT delivery_key FROM " + table + " WHERE 1 = 0") == null;
    }
}
