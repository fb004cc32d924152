package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The journal contract and the JDBC journal's own tests on MARIADB. */
class JournalMariaDbTest extends JournalJdbcTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.MYSQL;
    }
}
