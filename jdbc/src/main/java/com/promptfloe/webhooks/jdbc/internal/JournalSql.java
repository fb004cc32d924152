package com.promptfloe.webhooks.jdbc.internal;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.journal.JournalQuery;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The journal's SQL for one table on one database: the DDL per {@link Dialect}, every statement the
 * JDBC journal runs, and how a {@link JournalRecord} maps to a row. Times and durations are
 * nanoseconds (epoch nanoseconds for times), so a record reads back exactly as it was written.
 */
public final class JournalSql {

    /** The columns of a record, in the order {@link #bind} writes and {@link #record} reads them. */
    public static final String COLUMNS = "id, endpoint, at_nanos, source, delivery_id, event_id, event_type, outcome,"
            + " handler_nanos, attempt, detail, failure_type, failure_message, failure_trace, headers, payload";
    /** The longest record id and endpoint name. */
    public static final int MAX_NAME = 64;
    /** Delivery ids, event ids and types longer than this are cut (a header value is cut at 256 plus "..."). */
    public static final int MAX_ID = 260;
    /** Exception class names longer than this are cut. */
    public static final int MAX_TYPE = 512;
    /** Details and failure messages longer than this are cut, as stack traces are in the core. */
    public static final int MAX_TEXT = JournalRecord.Failure.MAX_STACK_TRACE_LENGTH;

    private final Dialect dialect;
    private final String table;

    /** INSERT of one record, a parameter for each of {@link #COLUMNS}. */
    public final String insert;
    /** One record by id: id, oldest kept (epoch nanoseconds). */
    public final String get;
    /** A delivery's records, oldest first: endpoint, delivery id, oldest kept. */
    public final String history;
    /** Counts by endpoint and outcome: since. */
    public final String count;
    /** Deletes at most a batch of records older than a time: before, batch size. */
    public final String purge;
    /** A query that fails unless the table has every column the journal uses. */
    public final String probe;

    /**
     * Builds the statements.
     *
     * @param dialect the database's dialect
     * @param table a validated table name, possibly schema-qualified
     */
    public JournalSql(Dialect dialect, String table) {
        this.dialect = dialect;
        this.table = table;
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES ("
                + String.join(", ", Collections.nCopies(16, "?")) + ")";
        this.get = "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ? AND at_nanos >= ?";
        this.history = "SELECT " + COLUMNS + " FROM " + table + " WHERE delivery_id = ? AND endpoint = ?"
                + " AND at_nanos >= ? ORDER BY at_nanos, seq";
        this.count = "SELECT endpoint, outcome, COUNT(*) FROM " + table + " WHERE at_nanos >= ? GROUP BY endpoint,"
                + " outcome";
        this.purge = purge(dialect, table);
        this.probe = "SELECT seq, " + COLUMNS + " FROM " + table + " WHERE 1 = 0";
    }

    /**
     * How many request records each of some delivery ids has: oldest kept, delivery id... Each row
     * is endpoint, delivery id, count.
     *
     * @param ids how many delivery ids the statement names
     * @return the statement
     */
    public String requests(int ids) {
        return "SELECT endpoint, delivery_id, COUNT(*) FROM " + table + " WHERE source = 'REQUEST' AND at_nanos >= ?"
                + " AND delivery_id IN (" + String.join(", ", Collections.nCopies(ids, "?")) + ")"
                + " GROUP BY endpoint, delivery_id";
    }

    /**
     * A page of records matching a query, newest first, one more than the page to tell whether more
     * follow; {@link #bindFind} sets its parameters.
     *
     * @param query the query
     * @return the statement
     */
    public String find(JournalQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(table)
                .append(" WHERE at_nanos >= ?");
        if (query.endpoint() != null) {
            sql.append(" AND endpoint = ?");
        }
        if (!query.outcomes().isEmpty()) {
            sql.append(" AND outcome IN (").append(String.join(", ", Collections.nCopies(query.outcomes().size(), "?")))
                    .append(')');
        }
        if (query.eventType() != null) {
            sql.append(" AND event_type = ?");
        }
        if (query.to() != null) {
            sql.append(" AND at_nanos < ?");
        }
        if (query.id() != null) {
            sql.append(" AND (delivery_id = ? OR event_id = ?)");
        }
        sql.append(" ORDER BY at_nanos DESC, seq DESC");
        if (dialect == Dialect.MYSQL || dialect == Dialect.POSTGRESQL) {
            sql.append(" LIMIT ? OFFSET ?");
        } else {
            sql.append(" OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        }
        return sql.toString();
    }

    /**
     * Sets the parameters of {@link #find}.
     *
     * @param select the statement
     * @param query the query
     * @param oldestKept epoch nanoseconds of the oldest record within the retention
     * @throws SQLException when a parameter cannot be set
     */
    public void bindFind(PreparedStatement select, JournalQuery query, long oldestKept) throws SQLException {
        int index = 1;
        long from = query.from() == null ? oldestKept : Math.max(oldestKept, nanos(query.from()));
        select.setLong(index++, from);
        if (query.endpoint() != null) {
            select.setString(index++, query.endpoint());
        }
        for (Outcome outcome : query.outcomes()) {
            select.setString(index++, outcome.name());
        }
        if (query.eventType() != null) {
            select.setString(index++, query.eventType());
        }
        if (query.to() != null) {
            select.setLong(index++, nanos(query.to()));
        }
        if (query.id() != null) {
            select.setString(index++, query.id());
            select.setString(index++, query.id());
        }
        if (dialect == Dialect.MYSQL || dialect == Dialect.POSTGRESQL) {
            select.setInt(index++, query.limit() + 1);
            select.setInt(index, query.offset());
        } else {
            select.setInt(index++, query.offset());
            select.setInt(index, query.limit() + 1);
        }
    }

    /**
     * Sets the parameters of {@link #insert} for one record.
     *
     * @param insert the statement
     * @param record the record, with its attempt number
     * @throws SQLException when a parameter cannot be set
     */
    public static void bind(PreparedStatement insert, JournalRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setString(2, record.endpoint());
        insert.setLong(3, nanos(record.at()));
        insert.setString(4, record.source().name());
        insert.setString(5, text(record.deliveryId()));
        insert.setString(6, text(record.eventId()));
        insert.setString(7, text(record.eventType()));
        insert.setString(8, record.outcome().name());
        if (record.handlerDuration() == null) {
            insert.setNull(9, Types.BIGINT);
        } else {
            insert.setLong(9, record.handlerDuration().toNanos());
        }
        insert.setInt(10, record.attempt());
        insert.setString(11, text(record.detail()));
        JournalRecord.Failure failure = record.failure();
        insert.setString(12, failure == null ? null : text(failure.type()));
        insert.setString(13, failure == null ? null : text(failure.message()));
        insert.setString(14, failure == null ? null : text(failure.stackTrace()));
        insert.setString(15, text(HeadersJson.encode(record.headers())));
        insert.setString(16, text(record.payload()));
    }

    /**
     * Reads a record from a row of {@link #COLUMNS}.
     *
     * @param row the row
     * @return the record
     * @throws SQLException when a column cannot be read
     */
    public static JournalRecord record(ResultSet row) throws SQLException {
        long handler = row.getLong(9);
        Duration took = row.wasNull() ? null : Duration.ofNanos(handler);
        String failureType = row.getString(12);
        JournalRecord.Failure failure = failureType == null ? null
                : new JournalRecord.Failure(failureType, row.getString(13), row.getString(14));
        return new JournalRecord(row.getString(1), row.getString(2), instant(row.getLong(3)),
                JournalRecord.Source.valueOf(row.getString(4)), row.getString(5), row.getString(6), row.getString(7),
                Outcome.valueOf(row.getString(8)), took, row.getInt(10), row.getString(11), failure,
                HeadersJson.decode(row.getString(15)), row.getString(16));
    }

    /**
     * Reads the rows of a query as records.
     *
     * @param rows the rows
     * @return the records
     * @throws SQLException when a row cannot be read
     */
    public static List<JournalRecord> records(ResultSet rows) throws SQLException {
        List<JournalRecord> records = new ArrayList<>();
        while (rows.next()) {
            records.add(record(rows));
        }
        return records;
    }

    /**
     * Epoch nanoseconds of a time, which a {@code BIGINT} holds from 1677 to 2262.
     *
     * @param at the time
     * @return the nanoseconds
     * @throws ArithmeticException outside that range
     */
    public static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** PostgreSQL refuses NUL in text; nothing a person reads needs it. */
    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private static String purge(Dialect dialect, String table) {
        switch (dialect) {
            case MYSQL:
                return "DELETE FROM " + table + " WHERE at_nanos < ? ORDER BY at_nanos LIMIT ?";
            case H2:
                return "DELETE FROM " + table + " WHERE at_nanos < ? FETCH FIRST ? ROWS ONLY";
            case POSTGRESQL:
                // SKIP LOCKED: a purge on one node never waits behind another node's purge.
                return "DELETE FROM " + table + " WHERE seq IN (SELECT seq FROM " + table
                        + " WHERE at_nanos < ? ORDER BY at_nanos LIMIT ? FOR UPDATE SKIP LOCKED)";
            default:
                return "DELETE FROM " + table + " WHERE seq IN (SELECT seq FROM " + table
                        + " WHERE at_nanos < ? ORDER BY at_nanos FETCH FIRST ? ROWS ONLY)";
        }
    }

    /**
     * The statements that create the journal table and its indexes, exactly as the journal runs them
     * and the README shows them.
     *
     * @param dialect the database's dialect
     * @param table a validated table name, possibly schema-qualified
     * @return the statements, in order
     */
    public static List<String> createTable(Dialect dialect, String table) {
        String name = table.substring(table.lastIndexOf('.') + 1);
        if (dialect == Dialect.MYSQL) {
            // utf8mb4_bin: ids that differ only in case are different deliveries.
            String bin = " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
            String utf8 = " CHARACTER SET utf8mb4";
            return List.of("CREATE TABLE IF NOT EXISTS " + table + " (\n"
                    + "    seq              BIGINT        NOT NULL AUTO_INCREMENT,\n"
                    + "    id               VARCHAR(64)" + bin + " NOT NULL,\n"
                    + "    endpoint         VARCHAR(64)" + bin + " NOT NULL,\n"
                    + "    at_nanos         BIGINT        NOT NULL,\n"
                    + "    source           VARCHAR(8)    NOT NULL,\n"
                    + "    delivery_id      VARCHAR(260)" + bin + ",\n"
                    + "    event_id         VARCHAR(260)" + bin + ",\n"
                    + "    event_type       VARCHAR(260)" + bin + ",\n"
                    + "    outcome          VARCHAR(32)   NOT NULL,\n"
                    + "    handler_nanos    BIGINT,\n"
                    + "    attempt          INT           NOT NULL,\n"
                    + "    detail           TEXT" + utf8 + ",\n"
                    + "    failure_type     VARCHAR(512)" + utf8 + ",\n"
                    + "    failure_message  TEXT" + utf8 + ",\n"
                    + "    failure_trace    TEXT" + utf8 + ",\n"
                    + "    headers          TEXT" + utf8 + " NOT NULL,\n"
                    + "    payload          MEDIUMTEXT" + utf8 + ",\n"
                    + "    PRIMARY KEY (seq),\n"
                    + "    UNIQUE KEY " + name + "_id_uq (id),\n"
                    + "    INDEX " + name + "_at_idx (at_nanos, seq),\n"
                    + "    INDEX " + name + "_delivery_idx (delivery_id, endpoint),\n"
                    + "    INDEX " + name + "_event_idx (event_id)\n"
                    + ") ENGINE=InnoDB");
        }
        String seq = dialect == Dialect.POSTGRESQL ? "BIGSERIAL     PRIMARY KEY"
                : "BIGINT        GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        String longText = dialect == Dialect.POSTGRESQL ? "TEXT" : "CLOB";
        String columns = " (\n"
                + "    seq              " + seq + ",\n"
                + "    id               VARCHAR(64)   NOT NULL,\n"
                + "    endpoint         VARCHAR(64)   NOT NULL,\n"
                + "    at_nanos         BIGINT        NOT NULL,\n"
                + "    source           VARCHAR(8)    NOT NULL,\n"
                + "    delivery_id      VARCHAR(260),\n"
                + "    event_id         VARCHAR(260),\n"
                + "    event_type       VARCHAR(260),\n"
                + "    outcome          VARCHAR(32)   NOT NULL,\n"
                + "    handler_nanos    BIGINT,\n"
                + "    attempt          INT           NOT NULL,\n"
                + "    detail           " + longText + ",\n"
                + "    failure_type     VARCHAR(512),\n"
                + "    failure_message  " + longText + ",\n"
                + "    failure_trace    " + longText + ",\n"
                + "    headers          " + longText + " NOT NULL,\n"
                + "    payload          " + longText + ",\n"
                + "    CONSTRAINT " + name + "_id_uq UNIQUE (id)\n"
                + ")";
        String ifNotExists = dialect == Dialect.GENERIC ? "" : "IF NOT EXISTS ";
        return List.of("CREATE TABLE " + ifNotExists + table + columns,
                "CREATE INDEX " + ifNotExists + name + "_at_idx ON " + table + " (at_nanos, seq)",
                "CREATE INDEX " + ifNotExists + name + "_delivery_idx ON " + table + " (delivery_id, endpoint)",
                "CREATE INDEX " + ifNotExists + name + "_event_idx ON " + table + " (event_id)");
    }
}
