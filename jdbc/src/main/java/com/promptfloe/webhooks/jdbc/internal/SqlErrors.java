package com.promptfloe.webhooks.jdbc.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.regex.Pattern;

/** Reads what a driver's {@link SQLException} means, and makes its text safe to show. */
public final class SqlErrors {

    // password=..., pwd=..., secret=... in URLs and messages; user:password@ in URL authorities.
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|sslpassword|sslkeypassword|credentials?)(\\s*[=:]\\s*)[^&;,\\s)\\]]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+):[^@/\\s]*@");

    private SqlErrors() {
    }

    /**
     * Whether an INSERT failed only because the key is there already.
     *
     * @param e the failure
     * @return {@code true} for a unique or primary key violation
     */
    public static boolean isDuplicateKey(SQLException e) {
        if (e instanceof SQLIntegrityConstraintViolationException) {
            return true;
        }
        String state = e.getSQLState();
        // 23505 (PostgreSQL, H2, standard) unique violation; 23000 with 1062 on MySQL and MariaDB.
        return "23505".equals(state) || ("23000".equals(state) && e.getErrorCode() == 1062);
    }

    /**
     * Whether trying the same statement again may succeed: a serialization failure or a deadlock,
     * which a database may answer to two nodes racing for one row.
     *
     * @param e the failure
     * @return {@code true} when a retry is worth it
     */
    public static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        // Class 40 is "transaction rollback": 40001 serialization failure, 40P01 deadlock (PostgreSQL).
        return state != null && state.startsWith("40");
    }

    /**
     * Masks passwords and other credentials in a URL or a driver's message.
     *
     * @param text any text, or {@code null}
     * @return the text with every credential replaced by {@code ***}
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = KEY_VALUE.matcher(text).replaceAll("$1$2***");
        return USER_INFO.matcher(masked).replaceAll("$1:***@");
    }

    /**
     * Names a database for messages: product, version, and where its URL points (see {@link #location}).
     *
     * @param metaData the connection's metadata
     * @return for example {@code PostgreSQL 15.19 at jdbc:postgresql://127.0.0.1:5432/test}
     * @throws SQLException when the driver cannot tell
     */
    public static String database(DatabaseMetaData metaData) throws SQLException {
        return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion() + " at "
                + location(metaData.getURL());
    }

    /**
     * Shows where a JDBC URL points without its properties, which may hold credentials and which
     * some drivers expand into a page of defaults.
     *
     * @param url a JDBC URL, or {@code null}
     * @return the URL up to its first {@code ?} or {@code ;}, credentials masked
     */
    public static String location(String url) {
        if (url == null) {
            return "an unknown URL";
        }
        int end = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = url.indexOf(separator);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return redact(url.substring(0, end));
    }

    /**
     * Describes a failure for a log or an exception message: SQL state, vendor code and the driver's
     * redacted message.
     *
     * @param e the failure
     * @return one line
     */
    public static String describe(SQLException e) {
        StringBuilder text = new StringBuilder();
        if (e.getSQLState() != null) {
            text.append("[SQLState ").append(e.getSQLState());
            if (e.getErrorCode() != 0) {
                text.append(", code ").append(e.getErrorCode());
            }
            text.append("] ");
        }
        String message = redact(e.getMessage());
        if (message == null || message.isBlank()) {
            return text.append(e.getClass().getName()).toString();
        }
        // One line, without a closing period: the caller's sentence follows.
        String line = message.strip().replaceAll("\\s+", " ");
        return text.append(line.endsWith(".") ? line.substring(0, line.length() - 1) : line).toString();
    }

    /**
     * The exception to chain as a cause: the driver's own, unless its message carries a credential,
     * in which case a copy with the redacted message and the same stack trace.
     *
     * @param e the failure
     * @return an exception that is safe to log
     */
    public static SQLException safeCause(SQLException e) {
        String message = e.getMessage();
        if (message == null || message.equals(redact(message))) {
            return e;
        }
        SQLException copy = new SQLException(e.getClass().getName() + ": " + redact(message), e.getSQLState(),
                e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
