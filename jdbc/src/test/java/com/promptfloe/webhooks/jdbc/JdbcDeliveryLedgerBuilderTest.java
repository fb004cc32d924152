package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcDeliveryLedgerBuilderTest {

    private final DataSource dataSource = new JdbcDataSource();

    @Test
    void eachBadSettingIsRefusedAtOnceNamingTheValue() {
        JdbcDeliveryLedger.Builder builder = JdbcDeliveryLedger.builder(dataSource);
        assertThatThrownBy(() -> builder.dedupeWindow(Duration.ofSeconds(-5)))
                .hasMessage("dedupe window must be positive: PT-5S");
        assertThatThrownBy(() -> builder.inFlightLease(Duration.ZERO))
                .hasMessage("in-flight lease must be positive: PT0S");
        assertThatThrownBy(() -> builder.inFlightLease(Duration.ofNanos(10)))
                .hasMessage("in-flight lease must be at least one millisecond: PT0.00000001S");
        assertThatThrownBy(() -> builder.purgeBatchSize(0))
                .hasMessage("purge batch size must be between 1 and 100000: 0");
        assertThatThrownBy(() -> builder.purgeInterval(Duration.ofMinutes(-1)))
                .hasMessage("purge interval must not be negative: PT-1M");
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofSeconds(-1)))
                .hasMessage("query timeout must not be negative: PT-1S");
        assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessageContaining("clock");
        assertThatNullPointerException().isThrownBy(() -> JdbcDeliveryLedger.builder(null))
                .withMessageContaining("dataSource");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1table", "deliveries; DROP TABLE users", "my-table", "\"quoted\"", "a.b.c",
        "schema.", ".table", "t able", "a_table_name_that_is_far_too_long_for_an_index_name_x"})
    void tableMustBeASqlIdentifier(String table) {
        assertThatThrownBy(() -> JdbcDeliveryLedger.builder(dataSource).table(table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("table must be a SQL identifier")
                .hasMessageEndingWith(": '" + table + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"promptfloe_deliveries", "_t", "Deliveries2", "ledger.promptfloe_deliveries"})
    void plainAndSchemaQualifiedTablesAreAccepted(String table) {
        assertThat(JdbcDeliveryLedger.builder(dataSource).table(table).build().table()).isEqualTo(table);
    }

    @Test
    void buildingTouchesNoDatabase() {
        JdbcDataSource nowhere = new JdbcDataSource();
        nowhere.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");
        assertThat(JdbcDeliveryLedger.builder(nowhere).build())
                .hasToString("JdbcDeliveryLedger[table=promptfloe_deliveries, dedupeWindow=PT48H, inFlightLease=PT2M]");
    }
}
