package com.promptfloe.webhooks.jdbc.internal;

/**
 * The JDBC ledger's statements for one table on one database, built once (the DDL, the insert, the
 * mark-done and the purge, which differ per database, come from {@link Dialect}).
 */
public final class LedgerSql {

    /** The database's dialect. */
    public final Dialect dialect;
    /** The database, for messages: product, version and URL without credentials. */
    public final String where;
    /** INSERT of a new row ({@link Dialect#insert}). */
    public final String insert;
    /** The rows of one key: endpoint, event id, delivery id. */
    public final String select;
    /**
     * Take-over of a row that failed or whose lease or window is over: failed state, new state, token,
     * event type, received at, expires at, endpoint, event id, delivery id, now, failed state.
     */
    public final String takeOver;
    /**
     * DELETE of the rows of a key that failed or whose lease or window is over: endpoint, event id,
     * delivery id, now, failed state.
     */
    public final String clear;
    /** Done ({@link Dialect#markDone}). */
    public final String markDone;
    /** Failed: state, finished at, expires at, last error, endpoint, event id, old state, token. */
    public final String fail;
    /** DELETE of a claim given up: endpoint, event id, state, token. */
    public final String forget;
    /** DELETE of expired rows in batches ({@link Dialect#purge}). */
    public final String purge;

    /**
     * Builds the statements.
     *
     * @param dialect the database's dialect
     * @param table a validated table name
     * @param where the database, for messages
     */
    public LedgerSql(Dialect dialect, String table, String where) {
        this.dialect = dialect;
        this.where = where;
        this.insert = dialect.insert(table);
        this.select = "SELECT delivery_id, event_id, state, expires_at FROM " + table
                + " WHERE endpoint = ? AND (event_id = ? OR delivery_id = ?)";
        // A failed row may be taken over at once; the others once their lease or window is over.
        // Attempts count the tries of one delivery, so a done row past its window starts again at 1.
        // attempts first: MySQL and MariaDB assign left to right, so the CASE must see the old state.
        this.takeOver = "UPDATE " + table + " SET attempts = CASE WHEN state = ? THEN 1 ELSE attempts + 1 END,"
                + " state = ?, token = ?, event_type = ?, received_at = ?, finished_at = NULL, expires_at = ?"
                + " WHERE endpoint = ? AND event_id = ? AND delivery_id = ? AND (expires_at <= ? OR state = ?)";
        this.clear = "DELETE FROM " + table + " WHERE endpoint = ? AND (event_id = ? OR delivery_id = ?)"
                + " AND (expires_at <= ? OR state = ?)";
        this.markDone = Dialect.markDone(table);
        this.fail = "UPDATE " + table + " SET state = ?, finished_at = ?, expires_at = ?, last_error = ?"
                + " WHERE endpoint = ? AND event_id = ? AND state = ? AND token = ?";
        this.forget = "DELETE FROM " + table + " WHERE endpoint = ? AND event_id = ? AND state = ? AND token = ?";
        this.purge = dialect.purge(table);
    }
}
