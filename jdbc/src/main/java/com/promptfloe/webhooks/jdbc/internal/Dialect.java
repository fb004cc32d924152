package com.promptfloe.webhooks.jdbc.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The few places where the ledger's SQL differs between databases: the table's DDL, how a duplicate
 * insert is reported, and how a bounded batch of expired rows is deleted. Everything else is plain
 * SQL that every database here runs the same way.
 */
public enum Dialect {

    /** PostgreSQL 9.5 or later (ON CONFLICT, SKIP LOCKED). */
    POSTGRESQL,
    /** MariaDB 10.2 or later and MySQL 5.7 or later, InnoDB. */
    MYSQL,
    /** H2 2.x, in any compatibility mode. */
    H2,
    /** Anything else: standard SQL, table existence checked before it is created. */
    GENERIC;

    /** The columns of the ledger's row, in the order its INSERT names them. */
    public static final String COLUMNS = "endpoint, event_id, delivery_id, event_type, state, token, attempts,"
            + " received_at, finished_at, expires_at, last_error";

    /**
     * Picks the dialect from the database the connection talks to.
     *
     * @param metaData the connection's metadata
     * @return the dialect
     * @throws SQLException when the metadata cannot be read
     */
    public static Dialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = String.valueOf(metaData.getDatabaseProductName()).toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MYSQL;
        }
        if (product.equals("h2")) {
            return H2;
        }
        return GENERIC;
    }

    /**
     * The statements that create the ledger's table and its expiry index, exactly as the ledger runs
     * them: one row per delivery, keyed by its signed event id and unique by its delivery id, each
     * within the endpoint.
     *
     * @param table a validated table name, possibly schema-qualified
     * @return the statements, in order
     */
    public List<String> createTable(String table) {
        String index = indexName(table);
        String unique = uniqueName(table);
        switch (this) {
            case MYSQL:
                // utf8mb4_bin: ids that differ only in case are different deliveries.
                String id = " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
                return List.of("CREATE TABLE IF NOT EXISTS " + table + " (\n"
                        + "    endpoint     VARCHAR(64)" + id + " NOT NULL,\n"
                        + "    event_id     VARCHAR(255)" + id + " NOT NULL,\n"
                        + "    delivery_id  VARCHAR(128)" + id + ",\n"
                        + "    event_type   VARCHAR(255)  CHARACTER SET utf8mb4,\n"
                        + "    state        VARCHAR(16)   NOT NULL,\n"
                        + "    token        BIGINT        NOT NULL,\n"
                        + "    attempts     INT           NOT NULL,\n"
                        + "    received_at  BIGINT        NOT NULL,\n"
                        + "    finished_at  BIGINT,\n"
                        + "    expires_at   BIGINT        NOT NULL,\n"
                        + "    last_error   VARCHAR(2000) CHARACTER SET utf8mb4,\n"
                        + "    PRIMARY KEY (endpoint, event_id),\n"
                        + "    UNIQUE KEY " + unique + " (endpoint, delivery_id),\n"
                        + "    INDEX " + index + " (expires_at)\n"
                        + ") ENGINE=InnoDB");
            case GENERIC:
                return List.of("CREATE TABLE " + table + " (\n" + standardColumns(unique) + ")",
                        "CREATE INDEX " + index + " ON " + table + " (expires_at)");
            default:
                return List.of("CREATE TABLE IF NOT EXISTS " + table + " (\n" + standardColumns(unique) + ")",
                        "CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " (expires_at)");
        }
    }

    private static String standardColumns(String unique) {
        return "    endpoint     VARCHAR(64)   NOT NULL,\n"
                + "    event_id     VARCHAR(255)  NOT NULL,\n"
                + "    delivery_id  VARCHAR(128),\n"
                + "    event_type   VARCHAR(255),\n"
                + "    state        VARCHAR(16)   NOT NULL,\n"
                + "    token        BIGINT        NOT NULL,\n"
                + "    attempts     INT           NOT NULL,\n"
                + "    received_at  BIGINT        NOT NULL,\n"
                + "    finished_at  BIGINT,\n"
                + "    expires_at   BIGINT        NOT NULL,\n"
                + "    last_error   VARCHAR(2000),\n"
                + "    PRIMARY KEY (endpoint, event_id),\n"
                + "    CONSTRAINT " + unique + " UNIQUE (endpoint, delivery_id)\n";
    }

    /**
     * Whether {@link #createTable} may run whatever exists already (IF NOT EXISTS).
     *
     * @return {@code false} when the table must be looked for first
     */
    public boolean createIsIdempotent() {
        return this != GENERIC;
    }

    /**
     * The name of the expiry index: the table's own name (without schema, which the index shares)
     * followed by {@code _expires_idx}.
     *
     * @param table a validated table name
     * @return the index name
     */
    public static String indexName(String table) {
        return table.substring(table.lastIndexOf('.') + 1) + "_expires_idx";
    }

    /**
     * The name of the unique constraint on the delivery id: the table's own name followed by
     * {@code _delivery_uq}.
     *
     * @param table a validated table name
     * @return the constraint name
     */
    public static String uniqueName(String table) {
        return table.substring(table.lastIndexOf('.') + 1) + "_delivery_uq";
    }

    /**
     * Inserts a row with a parameter for each of {@link #COLUMNS}. On PostgreSQL a row whose event id
     * or delivery id is there already answers 0 rows instead of an error, because an error would
     * both fill the server log with every retried delivery and, inside a transaction, abort it.
     *
     * @param table the table
     * @return the statement
     */
    public String insert(String table) {
        String insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return this == POSTGRESQL ? insert + " ON CONFLICT DO NOTHING" : insert;
    }

    /**
     * Marks a delivery done, with parameters state, finished at, expires at, endpoint, event id: the
     * second and last statement of a delivery (the same on every database).
     *
     * @param table the table
     * @return the statement
     */
    public static String markDone(String table) {
        return "UPDATE " + table + " SET state = ?, finished_at = ?, expires_at = ? WHERE endpoint = ? AND event_id = ?";
    }

    /**
     * Deletes at most a batch of rows that expired, with parameters now, [now,] batch size. The
     * row's expiry is checked again by the DELETE itself, so a row taken over meanwhile stays.
     *
     * @param table the table
     * @return the statement
     */
    public String purge(String table) {
        switch (this) {
            case MYSQL:
                return "DELETE FROM " + table + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?";
            case POSTGRESQL:
                // SKIP LOCKED: the purge never waits behind a row a delivery is using.
                return "DELETE FROM " + table + " WHERE expires_at <= ? AND (endpoint, event_id) IN (SELECT endpoint,"
                        + " event_id FROM " + table + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED)";
            default:
                return "DELETE FROM " + table + " WHERE expires_at <= ? AND (endpoint, event_id) IN (SELECT endpoint,"
                        + " event_id FROM " + table + " WHERE expires_at <= ? ORDER BY expires_at FETCH FIRST ? ROWS"
                        + " ONLY)";
        }
    }

    /**
     * Whether {@link #purge} takes the time twice (now, now, batch) rather than once (now, batch).
     *
     * @return {@code true} for the subquery form
     */
    public boolean purgeTakesNowTwice() {
        return this != MYSQL;
    }
}
