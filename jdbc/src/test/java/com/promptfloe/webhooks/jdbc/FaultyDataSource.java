package com.promptfloe.webhooks.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** A DataSource in front of a real one that can be taken down, or made to fail chosen statements. */
final class FaultyDataSource extends ProxyingDataSource {

    private final DataSource delegate;
    private volatile boolean down;
    private volatile Predicate<String> failing = sql -> false;

    FaultyDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** No more connections, as when the database server stops. */
    void down(boolean down) {
        this.down = down;
    }

    /** Connections open, but statements matching the predicate fail, as when a connection drops. */
    void failStatements(Predicate<String> failing) {
        this.failing = failing;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            // What drivers say, with a password in it as some put the URL in their messages.
            throw new SQLException("Connection refused: jdbc:fake://127.0.0.1:9/test?user=app&password=hunter2",
                    "08001");
        }
        Connection connection = delegate.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
                        return failing(statement, sql);
                    }
                    return result;
                });
    }

    private PreparedStatement failing(PreparedStatement statement, String sql) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && failing.test(sql)) {
                throw new SQLException("An I/O error occurred while sending to the backend (user app,"
                        + " password=hunter2)", "08006");
            }
            return invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }
}
