package com.promptfloe.webhooks.jakarta.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The test PostgreSQL at 127.0.0.1:5432 (database test, user postgres), as seen from the test JVM. */
final class Postgres {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=5";

    private Postgres() {
    }

    /** A connection, or a failure that says what to start. */
    static Connection connect() {
        try {
            return DriverManager.getConnection(URL, "postgres", "");
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at 127.0.0.1:5432 (database test, user postgres, "
                    + "trust authentication): start it with `pg_ctlcluster --skip-systemctl-redirect 15 main start` "
                    + "and create the database with `createdb -h 127.0.0.1 -U postgres test` (" + e.getMessage() + ")", e);
        }
    }

    /** Runs statements, for clean-up and checks. */
    static void execute(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
