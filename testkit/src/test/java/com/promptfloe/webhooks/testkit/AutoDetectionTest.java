package com.promptfloe.webhooks.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.promptfloe.webhooks.Secret;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs small test classes in a nested JUnit launcher, with and without extension auto-detection. */
class AutoDetectionTest {

    /** A user's test class with no annotation at all: works when auto-detection is on. */
    static class Unannotated {
        @Test
        void getsTheKitWithTheDefaults(Secret secret, MutableClock clock) {
            assertThat(secret).isEqualTo(Secret.of(PromptFloeTest.DEFAULT_SECRET));
            assertThat(Duration.between(clock.instant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        }
    }

    /** Annotated and auto-detected at once: JUnit must not see two competing resolvers. */
    @PromptFloeTest(secret = "whsec_both")
    static class AnnotatedToo {
        @Test
        void getsTheAnnotationsSecret(Secret secret, WebhookRequests requests) {
            assertThat(secret).isEqualTo(Secret.of("whsec_both"));
            assertThat(requests.secrets()).containsExactly(secret);
        }
    }

    private static TestExecutionSummary run(Class<?> testClass, boolean autoDetection) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", Boolean.toString(autoDetection))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @Test
    void serviceLoaderRegistrationReachesUnannotatedTests() {
        TestExecutionSummary summary = run(Unannotated.class, true);

        assertThat(summary.getTestsSucceededCount()).as(summary.getFailures().toString()).isEqualTo(1);
    }

    @Test
    void withoutAutoDetectionAnUnannotatedTestGetsNoKit() {
        TestExecutionSummary summary = run(Unannotated.class, false);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("No ParameterResolver registered");
    }

    @Test
    void annotationAndAutoDetectionTogetherStillWork() {
        TestExecutionSummary with = run(AnnotatedToo.class, true);
        TestExecutionSummary without = run(AnnotatedToo.class, false);

        assertThat(with.getTestsSucceededCount()).as(with.getFailures().toString()).isEqualTo(1);
        assertThat(without.getTestsSucceededCount()).as(without.getFailures().toString()).isEqualTo(1);
    }
}
