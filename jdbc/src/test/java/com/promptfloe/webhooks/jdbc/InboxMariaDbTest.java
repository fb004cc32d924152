package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The inbox contract and the JDBC inbox's own tests on MARIADB. */
class InboxMariaDbTest extends InboxJdbcTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.MYSQL;
    }
}
