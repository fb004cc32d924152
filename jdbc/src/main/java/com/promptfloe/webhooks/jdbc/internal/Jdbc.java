package com.promptfloe.webhooks.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** What the JDBC ledger, inbox and journal do alike: statements, probes, tokens and the checks of their settings. */
public final class Jdbc {

    /** Longest unqualified table name: the index names append a suffix and must stay under 64. */
    public static final int MAX_TABLE_LENGTH = 48;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Jdbc() {
    }

    /** One unit of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @param connection an open connection in autocommit mode
         * @return the result
         * @throws SQLException when a statement fails
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs work with every statement committed on its own, so that a failed INSERT cannot abort a
     * PostgreSQL transaction the next statement needs; the connection's own mode is restored after.
     *
     * @param <T> the result type
     * @param connection an open connection
     * @param work what to do
     * @return what the work returned
     * @throws SQLException when a statement fails
     */
    public static <T> T inAutoCommit(Connection connection, Work<T> work) throws SQLException {
        boolean wasManual = !connection.getAutoCommit();
        if (wasManual) {
            connection.setAutoCommit(true);
        }
        try {
            return work.run(connection);
        } finally {
            if (wasManual) {
                connection.setAutoCommit(false);
            }
        }
    }

    /**
     * Runs a query that reads no row, a table's probe ({@code SELECT <columns> FROM <table> WHERE 1 = 0}).
     *
     * @param connection an open connection
     * @param query the query
     * @return {@code null} when the database answered it, else its failure (a missing table or column)
     */
    public static SQLException probe(Connection connection, String query) {
        try (Statement probe = connection.createStatement(); ResultSet rows = probe.executeQuery(query)) {
            rows.next();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /**
     * Prepares a statement with the query timeout.
     *
     * @param connection the connection
     * @param statement the SQL
     * @param timeoutSeconds the timeout; 0 leaves it to the driver
     * @return the prepared statement
     * @throws SQLException when preparing fails
     */
    public static PreparedStatement prepare(Connection connection, String statement, int timeoutSeconds)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        if (timeoutSeconds > 0) {
            prepared.setQueryTimeout(timeoutSeconds);
        }
        return prepared;
    }

    /**
     * A random token, never 0 (the token of rows nobody holds), so that nodes never collide.
     *
     * @return the token
     */
    public static long newToken() {
        long token;
        do {
            token = ThreadLocalRandom.current().nextLong();
        } while (token == 0);
        return token;
    }

    /**
     * A query timeout in whole seconds, rounded up.
     *
     * @param timeout zero or positive
     * @return the seconds
     */
    public static int timeoutSeconds(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.plusMillis(999).toSeconds());
    }

    /**
     * Checks a table name: a plain SQL identifier, optionally schema-qualified.
     *
     * @param table the name
     * @return the name
     * @throws IllegalArgumentException naming the bad value
     */
    public static String table(String table) {
        Objects.requireNonNull(table, "table must not be null");
        int dot = table.indexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        String name = table.substring(dot + 1);
        boolean valid = IDENTIFIER.matcher(name).matches() && name.length() <= MAX_TABLE_LENGTH
                && (schema == null || (IDENTIFIER.matcher(schema).matches() && schema.length() <= 63));
        if (!valid) {
            throw new IllegalArgumentException("table must be a SQL identifier (letters, digits and _, not"
                    + " starting with a digit, at most " + MAX_TABLE_LENGTH + " characters, optionally"
                    + " schema.table): '" + table + "'");
        }
        return table;
    }

    /**
     * Checks a purge batch size.
     *
     * @param size the size
     * @return the size
     * @throws IllegalArgumentException unless 1 to 100,000
     */
    public static int purgeBatchSize(int size) {
        if (size < 1 || size > 100_000) {
            throw new IllegalArgumentException("purge batch size must be between 1 and 100000: " + size);
        }
        return size;
    }

    /**
     * Checks a duration that may be zero.
     *
     * @param name the setting's name for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when negative
     */
    public static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }
}
