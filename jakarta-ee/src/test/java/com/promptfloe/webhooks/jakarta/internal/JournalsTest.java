package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.journal.InMemoryDeliveryJournal;
import com.promptfloe.webhooks.journal.JournalListener;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal is made once per application, shared, and closed with it. */
class JournalsTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ServletContext.class}, (self, method, args) -> switch (method.getName()) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                default -> throw new UnsupportedOperationException(method.toString());
            });

    private static ConfigLookup config(Map<String, String> contextParams) {
        return ConfigLookup.of(Map.of("context-param", contextParams), Map.of());
    }

    @Test
    void oneJournalPerApplicationWrittenByEveryListenerAndClosedWithIt() {
        JournalListener first = Journals.forApplication(context, config(Map.of("promptfloe.webhooks.journal.payloads",
                "true", "promptfloe.webhooks.journal.max-records", "7")));
        JournalListener second = Journals.forApplication(context, config(Map.of()));
        assertThat(second).isSameAs(first);
        assertThat(first.journal()).isInstanceOf(InMemoryDeliveryJournal.class);
        assertThat(first.journal().describe()).contains("7");
        assertThat(Journals.find(context)).isSameAs(first.journal());
        DeliveryListener monitoring = DeliveryListener.NONE;
        assertThat(Journals.with(monitoring, null)).isSameAs(monitoring);
        assertThat(Journals.with(monitoring, first)).isNotSameAs(monitoring);

        new Journals().contextDestroyed(new ServletContextEvent(context));
        assertThat(Journals.find(context)).isNull();
        assertThat(attributes).isEmpty();
    }

    @Test
    void aDisabledJournalGivesNoListener() {
        assertThat(Journals.forApplication(context, config(Map.of("promptfloe.webhooks.journal.enabled", "false"))))
                .isNull();
        assertThat(Journals.forApplication(context, config(Map.of()))).as("decided once per application").isNull();
        assertThat(Journals.find(context)).isNull();
    }

    @Test
    void anExplicitJdbcJournalWithoutItsDataSourceStopsTheDeployment() {
        assertThatThrownBy(() -> Journals.check(ConsoleSettings.journal(config(Map.of("promptfloe.webhooks.journal",
                "jdbc", "promptfloe.webhooks.journal.datasource", "java:comp/env/jdbc/missing")))))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("PFW-004 promptfloe.webhooks.journal.datasource = 'java:comp/env/jdbc/missing'");
    }
}
