package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;

/** The journal contract and the JDBC journal's own tests on H2. */
class JournalH2Test extends JournalJdbcTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.H2;
    }
}
