package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The inbox contract and the JDBC inbox's own tests on H2. */
class InboxH2Test extends InboxJdbcTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.H2;
    }
}
