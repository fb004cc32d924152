package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases the ledger is tested on, each reached through its driver's plain DataSource. A
 * database that is not running fails the test and says how to start it: CI must not pass without it.
 */
enum TestDatabase {

    H2("H2 (in memory)", "nothing to start: H2 runs in this JVM") {
        @Override
        DataSource newDataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            // DB_CLOSE_DELAY=-1: the database lives as long as the JVM, shared by every "node".
            dataSource.setURL("jdbc:h2:mem:promptfloe_ledger;DB_CLOSE_DELAY=-1");
            dataSource.setUser("sa");
            return dataSource;
        }
    },
    POSTGRESQL("PostgreSQL at 127.0.0.1:5432 (database test, user postgres)",
            "start it with `pg_ctlcluster --skip-systemctl-redirect 15 main start`"
                    + " (and `createdb -h 127.0.0.1 -U postgres test` if the database is missing)") {
        @Override
        DataSource newDataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setServerNames(new String[] {"127.0.0.1"});
            dataSource.setPortNumbers(new int[] {5432});
            dataSource.setDatabaseName("test");
            dataSource.setUser("postgres");
            dataSource.setConnectTimeout(5);
            return dataSource;
        }
    },
    MARIADB("MariaDB at 127.0.0.1:3306 (database test, user root, empty password)",
            "start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`"
                    + " (and `mariadb -uroot -h127.0.0.1 -e 'CREATE DATABASE IF NOT EXISTS test'`)") {
        @Override
        DataSource newDataSource() {
            try {
                return new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=5000");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final String description;
    private final String howToStart;

    TestDatabase(String description, String howToStart) {
        this.description = description;
        this.howToStart = howToStart;
    }

    /** A new DataSource: two of them stand for two nodes. */
    abstract DataSource newDataSource();

    /** A new DataSource on a database that answers, or a failed test saying what to start. */
    DataSource reachableDataSource() {
        DataSource dataSource = newDataSource();
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            fail(description + " is not reachable: " + howToStart + ". The driver said: " + e.getMessage(), e);
        }
        return dataSource;
    }

    /** A table name no other run or test uses, lower case so every database keeps it as given. */
    static String uniqueTable() {
        return ("pf_ledger_" + RUN + "_" + TABLES.incrementAndGet()).toLowerCase(Locale.ROOT);
    }

    void drop(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
