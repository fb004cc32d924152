package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The ledger contract and the JDBC ledger's own tests on MARIADB. */
class MariaDbJdbcDeliveryLedgerTest extends JdbcLedgerTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.MYSQL;
    }
}
