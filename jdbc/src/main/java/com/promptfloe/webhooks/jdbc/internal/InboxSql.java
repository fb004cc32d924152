package com.promptfloe.webhooks.jdbc.internal;

import java.util.Collections;
import java.util.List;

/**
 * The inbox's SQL for one table on one database: the DDL per {@link Dialect} and every statement the
 * JDBC inbox runs, built once.
 */
public final class InboxSql {

    /** The columns of an entry, in the order {@link #find}, {@link #byState} and {@link #claimed} read them. */
    public static final String ENTRY_COLUMNS = "endpoint, delivery_id, event_id, event_type, body, received_at, state,"
            + " attempts, due_at, claim_token, last_error, trace_parent";

    /** The column a table created before the inbox kept trace contexts lacks, and its type. */
    public static final String TRACE_PARENT_COLUMN = "trace_parent VARCHAR(128)";

    private final Dialect dialect;
    private final String table;

    /**
     * INSERT of a new entry: endpoint, delivery id, event id, type, body, received at, due at, updated
     * at, trace parent.
     */
    public final String insert;
    /** Claim of one candidate: token, due at, updated at, endpoint, delivery id, old state, old token, now. */
    public final String claim;
    /** Done: due at, updated at, endpoint, delivery id, token. */
    public final String done;
    /** Failed or dead: state, due at, last error, updated at, endpoint, delivery id, token. */
    public final String settle;
    /** Re-drive: due at, updated at, endpoint, delivery id. */
    public final String redrive;
    /** One entry by key: endpoint, delivery id. */
    public final String find;
    /** A claimed entry by key and token: endpoint, delivery id, token. */
    public final String claimed;
    /** Entries in one state, earliest due first: state, limit. */
    public final String byState;
    /** Purge of done entries: done before, [done before,] limit (see {@link #purgeTakesTimeTwice}). */
    public final String purge;
    /** A query that fails unless the table has every column the inbox uses. */
    public final String probe;
    /** A query that succeeds on a table of the layout before {@code trace_parent} was added. */
    public final String probeWithoutTraceParent;

    /**
     * Builds the statements.
     *
     * @param dialect the database's dialect
     * @param table a validated table name, possibly schema-qualified
     */
    public InboxSql(Dialect dialect, String table) {
        this.dialect = dialect;
        this.table = table;
        String insertSql = "INSERT INTO " + table + " (endpoint, delivery_id, event_id, event_type, body, received_at,"
                + " state, attempts, due_at, claim_token, last_error, updated_at, trace_parent) VALUES (?, ?, ?, ?, ?, ?,"
                + " 'PENDING', 0, ?, 0, NULL, ?, ?)";
        // PostgreSQL: a duplicate answers 0 rows instead of an error that fills the server log.
        this.insert = dialect == Dialect.POSTGRESQL ? insertSql + " ON CONFLICT DO NOTHING" : insertSql;
        this.claim = "UPDATE " + table + " SET state = 'CLAIMED', claim_token = ?, attempts = attempts + 1,"
                + " due_at = ?, updated_at = ? WHERE endpoint = ? AND delivery_id = ? AND state = ?"
                + " AND claim_token = ? AND due_at <= ?";
        this.done = "UPDATE " + table + " SET state = 'DONE', due_at = ?, updated_at = ?"
                + " WHERE endpoint = ? AND delivery_id = ? AND state = 'CLAIMED' AND claim_token = ?";
        this.settle = "UPDATE " + table + " SET state = ?, due_at = ?, last_error = ?, updated_at = ?"
                + " WHERE endpoint = ? AND delivery_id = ? AND state = 'CLAIMED' AND claim_token = ?";
        this.redrive = "UPDATE " + table + " SET state = 'PENDING', attempts = 0, due_at = ?, updated_at = ?"
                + " WHERE endpoint = ? AND delivery_id = ? AND state = 'DEAD'";
        this.find = "SELECT " + ENTRY_COLUMNS + " FROM " + table + " WHERE endpoint = ? AND delivery_id = ?";
        this.claimed = find + " AND claim_token = ?";
        this.byState = limit("SELECT " + ENTRY_COLUMNS + " FROM " + table
                + " WHERE state = ? ORDER BY due_at, endpoint, delivery_id");
        this.purge = purge(dialect, table);
        this.probe = "SELECT " + ENTRY_COLUMNS + ", updated_at FROM " + table + " WHERE 1 = 0";
        this.probeWithoutTraceParent = "SELECT " + ENTRY_COLUMNS.replace(", trace_parent", "") + ", updated_at FROM "
                + table + " WHERE 1 = 0";
    }

    /**
     * The one statement that brings a table created before the inbox kept trace contexts up to date,
     * the same on every database (on PostgreSQL, MariaDB 10.3+ and H2 it changes no row).
     *
     * @param table a validated table name, possibly schema-qualified
     * @return the {@code ALTER TABLE}
     */
    public static String addTraceParent(String table) {
        return "ALTER TABLE " + table + " ADD COLUMN " + TRACE_PARENT_COLUMN;
    }

    /**
     * Due candidates of some endpoints, without their bodies: endpoint..., now, limit. Each row is
     * endpoint, delivery id, state, claim token.
     *
     * @param endpoints how many endpoints the statement names
     * @return the statement
     */
    public String candidates(int endpoints) {
        return limit("SELECT endpoint, delivery_id, state, claim_token FROM " + table + " WHERE endpoint IN ("
                + String.join(", ", Collections.nCopies(endpoints, "?")) + ") AND state IN ('PENDING', 'CLAIMED')"
                + " AND due_at <= ? ORDER BY due_at, endpoint, delivery_id");
    }

    /**
     * Whether {@link #purge} takes the time twice.
     *
     * @return {@code true} for the subquery form
     */
    public boolean purgeTakesTimeTwice() {
        return dialect == Dialect.POSTGRESQL || dialect == Dialect.GENERIC;
    }

    private String limit(String select) {
        return dialect == Dialect.MYSQL || dialect == Dialect.POSTGRESQL ? select + " LIMIT ?"
                : select + " FETCH FIRST ? ROWS ONLY";
    }

    private static String purge(Dialect dialect, String table) {
        String done = "state = 'DONE' AND due_at <= ?";
        switch (dialect) {
            case MYSQL:
                return "DELETE FROM " + table + " WHERE " + done + " ORDER BY due_at LIMIT ?";
            case H2:
                return "DELETE FROM " + table + " WHERE " + done + " FETCH FIRST ? ROWS ONLY";
            case POSTGRESQL:
                // SKIP LOCKED: the purge never waits behind a row a worker is settling.
                return "DELETE FROM " + table + " WHERE " + done + " AND ctid IN (SELECT ctid FROM " + table
                        + " WHERE " + done + " ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED)";
            default:
                return "DELETE FROM " + table + " WHERE " + done + " AND (endpoint, delivery_id) IN (SELECT endpoint,"
                        + " delivery_id FROM " + table + " WHERE " + done + " ORDER BY due_at FETCH FIRST ? ROWS ONLY)";
        }
    }

    /**
     * The statements that create the inbox table and its indexes, exactly as the inbox runs them and
     * the README shows them.
     *
     * @param dialect the database's dialect
     * @param table a validated table name, possibly schema-qualified
     * @return the statements, in order
     */
    public static List<String> createTable(Dialect dialect, String table) {
        String name = table.substring(table.lastIndexOf('.') + 1);
        String due = name + "_due_idx";
        String event = name + "_event_uq";
        if (dialect == Dialect.MYSQL) {
            // utf8mb4_bin: ids that differ only in case are different deliveries.
            String id = " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL";
            return List.of("CREATE TABLE IF NOT EXISTS " + table + " (\n"
                    + "    endpoint     VARCHAR(64)" + id + ",\n"
                    + "    delivery_id  VARCHAR(128)" + id + ",\n"
                    + "    event_id     VARCHAR(255)" + id + ",\n"
                    + "    event_type   VARCHAR(255)  NOT NULL,\n"
                    + "    body         LONGBLOB      NOT NULL,\n"
                    + "    received_at  BIGINT        NOT NULL,\n"
                    + "    state        VARCHAR(16)   NOT NULL,\n"
                    + "    attempts     INT           NOT NULL,\n"
                    + "    due_at       BIGINT        NOT NULL,\n"
                    + "    claim_token  BIGINT        NOT NULL,\n"
                    + "    last_error   VARCHAR(2000) CHARACTER SET utf8mb4,\n"
                    + "    updated_at   BIGINT        NOT NULL,\n"
                    + "    trace_parent VARCHAR(128),\n"
                    + "    PRIMARY KEY (endpoint, delivery_id),\n"
                    + "    UNIQUE KEY " + event + " (endpoint, event_id),\n"
                    + "    INDEX " + due + " (state, due_at)\n"
                    + ") ENGINE=InnoDB");
        }
        String blob = dialect == Dialect.POSTGRESQL ? "BYTEA        " : "BLOB         ";
        String columns = " (\n"
                + "    endpoint     VARCHAR(64)   NOT NULL,\n"
                + "    delivery_id  VARCHAR(128)  NOT NULL,\n"
                + "    event_id     VARCHAR(255)  NOT NULL,\n"
                + "    event_type   VARCHAR(255)  NOT NULL,\n"
                + "    body         " + blob + " NOT NULL,\n"
                + "    received_at  BIGINT        NOT NULL,\n"
                + "    state        VARCHAR(16)   NOT NULL,\n"
                + "    attempts     INT           NOT NULL,\n"
                + "    due_at       BIGINT        NOT NULL,\n"
                + "    claim_token  BIGINT        NOT NULL,\n"
                + "    last_error   VARCHAR(2000),\n"
                + "    updated_at   BIGINT        NOT NULL,\n"
                + "    trace_parent VARCHAR(128),\n"
                + "    PRIMARY KEY (endpoint, delivery_id),\n"
                + "    CONSTRAINT " + event + " UNIQUE (endpoint, event_id)\n"
                + ")";
        if (dialect == Dialect.GENERIC) {
            return List.of("CREATE TABLE " + table + columns,
                    "CREATE INDEX " + due + " ON " + table + " (state, due_at)");
        }
        return List.of("CREATE TABLE IF NOT EXISTS " + table + columns,
                "CREATE INDEX IF NOT EXISTS " + due + " ON " + table + " (state, due_at)");
    }
}
