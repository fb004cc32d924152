package com.promptfloe.webhooks.jdbc.internal;

import com.promptfloe.webhooks.journal.JournalException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/** Finds or creates the JDBC journal's table: the database's dialect, the DDL, the check of the columns. */
public final class JournalTable {

    private static final System.Logger LOG = System.getLogger(JournalTable.class.getName());

    private JournalTable() {
    }

    /**
     * The journal's statements for a table that is there.
     *
     * @param sql the statements
     * @param where the database, for messages: product, version and URL without properties
     */
    public record Ready(JournalSql sql, String where) {
    }

    /**
     * Detects the database and makes sure the table is there, creating it when allowed.
     *
     * @param connection an open connection in autocommit
     * @param table a validated table name
     * @param createTable whether to create the table when it is missing
     * @return the statements
     * @throws SQLException when the database cannot be asked
     * @throws JournalException when the table is missing and cannot or may not be created
     */
    public static Ready ready(Connection connection, String table, boolean createTable) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        Dialect dialect = Dialect.detect(metaData);
        String where = SqlErrors.database(metaData);
        JournalSql sql = new JournalSql(dialect, table);
        if (createTable) {
            create(connection, table, dialect, sql, where);
        } else {
            SQLException missing = Jdbc.probe(connection, sql.probe);
            if (missing != null) {
                throw new JournalException("PromptFloe delivery journal cannot use table " + table + " on "
                        + where + ": " + SqlErrors.describe(missing) + ". Create it with the DDL for " + dialect
                        + " in the README of promptfloe-webhooks-jdbc, or let the journal create it"
                        + " (promptfloe.webhooks.journal.create-table=true).", SqlErrors.safeCause(missing));
            }
        }
        LOG.log(System.Logger.Level.INFO, "PromptFloe delivery journal uses table " + table + " on " + where);
        return new Ready(sql, where);
    }

    private static void create(Connection connection, String table, Dialect dialect, JournalSql sql, String where) {
        if (dialect == Dialect.GENERIC && Jdbc.probe(connection, sql.probe) == null) {
            return;
        }
        SQLException failure = null;
        try (Statement ddl = connection.createStatement()) {
            for (String statement : JournalSql.createTable(dialect, table)) {
                ddl.execute(statement);
            }
        } catch (SQLException e) {
            failure = e;
        }
        SQLException missing = Jdbc.probe(connection, sql.probe);
        if (missing == null) {
            return; // a failed create with the table there: another node created it at the same moment
        }
        SQLException cause = failure != null ? failure : missing;
        throw new JournalException("PromptFloe delivery journal could not create table " + table + " on " + where
                + ": " + SqlErrors.describe(cause) + ". Check that the database user may CREATE TABLE and CREATE"
                + " INDEX, or create the table by hand with the DDL for " + dialect + " in the README of"
                + " promptfloe-webhooks-jdbc and set promptfloe.webhooks.journal.create-table=false.",
                SqlErrors.safeCause(cause));
    }
}
