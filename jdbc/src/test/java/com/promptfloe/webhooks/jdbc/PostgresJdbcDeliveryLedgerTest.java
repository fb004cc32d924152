package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The ledger contract and the JDBC ledger's own tests on POSTGRESQL. */
class PostgresJdbcDeliveryLedgerTest extends JdbcLedgerTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
