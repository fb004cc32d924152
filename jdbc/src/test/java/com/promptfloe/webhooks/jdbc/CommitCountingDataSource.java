package com.promptfloe.webhooks.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A DataSource in front of a real one that counts the commits its users cause: every explicit
 * {@code commit()}, and every writing statement (INSERT, UPDATE, DELETE) that ran in autocommit,
 * which the database commits on its own. A refused INSERT (a duplicate key error) commits nothing
 * and is not counted; a statement that ran but matched no row is counted, as its transaction
 * commits all the same. The cluster benchmark counts its runs with it too (this module's test JAR).
 */
public final class CommitCountingDataSource extends ProxyingDataSource {

    private final DataSource delegate;
    private final AtomicLong commits = new AtomicLong();

    public CommitCountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The commits counted since the last reset. */
    public long commits() {
        return commits.get();
    }

    public void reset() {
        commits.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = delegate.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("commit")) {
                        commits.incrementAndGet();
                    }
                    if (result instanceof Statement statement) {
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                        return counting(connection, statement, sql, method.getReturnType());
                    }
                    return result;
                });
    }

    private Object counting(Connection connection, Statement statement, String prepared, Class<?> type) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result = invoke(statement, method, args);
            if (method.getName().startsWith("execute") && connection.getAutoCommit()) {
                String sql = prepared != null ? prepared
                        : args != null && args.length > 0 && args[0] instanceof String text ? text : "";
                String verb = sql.stripLeading().toUpperCase(Locale.ROOT);
                if (verb.startsWith("INSERT") || verb.startsWith("UPDATE") || verb.startsWith("DELETE")) {
                    commits.incrementAndGet();
                }
            }
            return result;
        });
    }
}
