package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The ledger contract and the JDBC ledger's own tests on H2. */
class H2JdbcDeliveryLedgerTest extends JdbcLedgerTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.H2;
    }
}
