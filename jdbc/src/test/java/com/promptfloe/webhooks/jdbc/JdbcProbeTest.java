package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.monitoring.WebhooksHealth;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdbcProbeTest {

    @Test
    void readinessGoesDownWhenTheDatabaseDoesAndUpWhenItReturnsWithoutShowingCredentials() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(TestDatabase.H2.reachableDataSource());
        JdbcProbe probe = JdbcProbe.of(dataSource);
        WebhooksHealth health = WebhooksHealth.builder().endpoints(List.of("default")).ledger("jdbc", probe)
                .cacheFor(Duration.ZERO).build();

        probe.check();
        assertThat(health.readiness().up()).isTrue();
        dataSource.down(true);
        assertThatThrownBy(probe::check).isInstanceOf(SQLException.class).hasMessageNotContaining("hunter2");
        assertThat(health.readiness().up()).isFalse();
        assertThat(health.readiness().data().get("reason").toString()).startsWith("ledger: ")
                .doesNotContain("hunter2");
        dataSource.down(false);
        assertThat(health.readiness().up()).isTrue();
    }

    @Test
    void aTimeoutUnderOneSecondIsRefused() {
        assertThatThrownBy(() -> JdbcProbe.of(TestDatabase.H2.reachableDataSource(), Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.5S");
    }
}
