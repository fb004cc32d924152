package com.promptfloe.webhooks.jdbc.internal;

import com.promptfloe.webhooks.inbox.InboxException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Finds or creates the JDBC inbox's table: the database's dialect, the DDL, the check of the columns,
 * and the {@code trace_parent} column a table of an earlier version gets (as {@link JournalTable} does
 * for the journal).
 */
public final class InboxTable {

    private static final System.Logger LOG = System.getLogger(InboxTable.class.getName());

    private InboxTable() {
    }

    /**
     * The inbox's statements for a table that is there.
     *
     * @param statements the statements
     * @param where the database, for messages: product, version and URL without credentials
     */
    public record Ready(InboxSql statements, String where) {
    }

    /**
     * Detects the database and makes sure the table is there in the current layout, creating or
     * completing it when allowed.
     *
     * @param connection an open connection
     * @param table a validated table name
     * @param createTable whether to create the table, or add its missing column, when needed
     * @return the statements
     * @throws SQLException when the database cannot be asked
     * @throws InboxException when the table is missing or old and cannot or may not be changed
     */
    public static Ready ready(Connection connection, String table, boolean createTable) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        Dialect dialect = Dialect.detect(metaData);
        String where = SqlErrors.database(metaData);
        InboxSql statements = new InboxSql(dialect, table);
        if (createTable) {
            create(connection, table, dialect, statements, where);
        } else {
            SQLException missing = Jdbc.probe(connection, statements.probe);
            if (missing != null && olderLayout(connection, statements)) {
                throw new InboxException("PromptFloe inbox cannot use table " + table + " on " + where + ": it was"
                        + " created by an earlier version and has no trace_parent column. Add it (a change of the"
                        + " table's definition only, no row is rewritten): " + InboxSql.addTraceParent(table)
                        + "; (jdbc/INBOX.md), or let the inbox add it (promptfloe.webhooks.inbox.create-table=true).",
                        SqlErrors.safeCause(missing));
            }
            if (missing != null) {
                throw new InboxException("PromptFloe inbox cannot use table " + table + " on " + where + ": "
                        + SqlErrors.describe(missing) + ". Create it with the DDL for " + dialect
                        + " in jdbc/INBOX.md, or let the inbox create it"
                        + " (promptfloe.webhooks.inbox.create-table=true).", SqlErrors.safeCause(missing));
            }
        }
        LOG.log(System.Logger.Level.INFO, "PromptFloe inbox uses table " + table + " on " + where);
        return new Ready(statements, where);
    }

    private static void create(Connection connection, String table, Dialect dialect, InboxSql statements,
            String where) {
        if (dialect == Dialect.GENERIC && Jdbc.probe(connection, statements.probe) == null) {
            return;
        }
        SQLException failure = null;
        try (Statement ddl = connection.createStatement()) {
            for (String statement : InboxSql.createTable(dialect, table)) {
                ddl.execute(statement);
            }
        } catch (SQLException e) {
            failure = e;
        }
        SQLException missing = Jdbc.probe(connection, statements.probe);
        if (missing == null) {
            return; // a failed create with the table there: another node created it at the same moment
        }
        if (olderLayout(connection, statements)) {
            addTraceParent(connection, table, statements, where);
            return;
        }
        SQLException cause = failure != null ? failure : missing;
        throw new InboxException("PromptFloe inbox could not create table " + table + " on " + where + ": "
                + SqlErrors.describe(cause) + ". Check that the database user may CREATE TABLE and CREATE INDEX,"
                + " or create the table by hand with the DDL for " + dialect + " in jdbc/INBOX.md and set"
                + " promptfloe.webhooks.inbox.create-table=false.", SqlErrors.safeCause(cause));
    }

    /** Whether the table is there in the layout before trace contexts were kept. */
    private static boolean olderLayout(Connection connection, InboxSql statements) {
        return Jdbc.probe(connection, statements.probeWithoutTraceParent) == null;
    }

    private static void addTraceParent(Connection connection, String table, InboxSql statements, String where) {
        String alter = InboxSql.addTraceParent(table);
        SQLException failure = null;
        try (Statement ddl = connection.createStatement()) {
            ddl.execute(alter);
        } catch (SQLException e) {
            failure = e;
        }
        SQLException missing = Jdbc.probe(connection, statements.probe);
        if (missing == null) {
            // Added now, or by another node at the same moment (then this node's ALTER failed).
            LOG.log(System.Logger.Level.INFO, "PromptFloe inbox table " + table + " on " + where + " was created by"
                    + " an earlier version: added its trace_parent column (" + alter + ")");
            return;
        }
        SQLException cause = failure != null ? failure : missing;
        throw new InboxException("PromptFloe inbox could not add the trace_parent column to table " + table + " on "
                + where + ", created by an earlier version: " + SqlErrors.describe(cause) + ". Run " + alter
                + "; as a user that may ALTER the table (jdbc/INBOX.md).", SqlErrors.safeCause(cause));
    }
}
