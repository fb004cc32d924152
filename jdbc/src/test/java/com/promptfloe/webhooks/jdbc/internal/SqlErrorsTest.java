package com.promptfloe.webhooks.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/app?user=app&password=hunter2&ssl=true | jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true",
        "jdbc:mysql://app:hunter2@db:3306/app | jdbc:mysql://app:***@db:3306/app",
        "jdbc:h2:tcp://db/app;USER=sa;PASSWORD=hunter2;MODE=MySQL | jdbc:h2:tcp://db/app;USER=sa;PASSWORD=***;MODE=MySQL",
        "Access denied (pwd: hunter2) | Access denied (pwd: ***)",
        "nothing secret here | nothing secret here"})
    void redactsCredentials(String text, String expected) {
        assertThat(SqlErrors.redact(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=x&ssl=true | jdbc:postgresql://127.0.0.1:5432/test",
        "jdbc:h2:mem:ledger;DB_CLOSE_DELAY=-1;PASSWORD=x | jdbc:h2:mem:ledger",
        "jdbc:mariadb://root:x@127.0.0.1:3306/test | jdbc:mariadb://root:***@127.0.0.1:3306/test"})
    void locationDropsPropertiesAndCredentials(String url, String expected) {
        assertThat(SqlErrors.location(url)).isEqualTo(expected);
    }

    @Test
    void namesADatabaseByProductVersionAndWhereItsUrlPointsWithoutItsProperties() throws Exception {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> "PostgreSQL";
                    case "getDatabaseProductVersion" -> "15.19";
                    case "getURL" -> "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=hunter2";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        assertThat(SqlErrors.database(metaData)).isEqualTo("PostgreSQL 15.19 at jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Test
    void describesAFailureOnOneLine() {
        assertThat(SqlErrors.describe(new SQLException("ERROR: relation does not exist\n  Position: 64.", "42P01")))
                .isEqualTo("[SQLState 42P01] ERROR: relation does not exist Position: 64");
        assertThat(SqlErrors.describe(new SQLException("Access denied", "28000", 1045)))
                .isEqualTo("[SQLState 28000, code 1045] Access denied");
        assertThat(SqlErrors.describe(new SQLException((String) null))).isEqualTo("java.sql.SQLException");
    }

    @Test
    void tellsDuplicateKeysFromOtherFailures() {
        assertThat(SqlErrors.isDuplicateKey(new SQLException("dup", "23505"))).isTrue();
        assertThat(SqlErrors.isDuplicateKey(new SQLException("dup", "23000", 1062))).isTrue();
        assertThat(SqlErrors.isDuplicateKey(new SQLIntegrityConstraintViolationException("dup"))).isTrue();
        assertThat(SqlErrors.isDuplicateKey(new SQLException("not null", "23502"))).isFalse();
        assertThat(SqlErrors.isDuplicateKey(new SQLException("refused", "08001"))).isFalse();
        assertThat(SqlErrors.isTransient(new SQLException("serialization", "40001"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("refused", "08001"))).isFalse();
        assertThat(SqlErrors.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void aCauseWithACredentialIsReplacedByARedactedCopy() {
        SQLException original = new SQLException("login failed for password=hunter2", "28P01", 7);
        SQLException safe = SqlErrors.safeCause(original);
        assertThat(safe.getMessage()).doesNotContain("hunter2").contains("password=***");
        assertThat(safe.getSQLState()).isEqualTo("28P01");
        assertThat(safe.getStackTrace()).isEqualTo(original.getStackTrace());
        SQLException harmless = new SQLException("refused", "08001");
        assertThat((Object) SqlErrors.safeCause(harmless)).isSameAs(harmless);
    }
}
