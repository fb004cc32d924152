package com.promptfloe.webhooks.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Put this on a test class to get a {@link MutableClock}, {@link WebhookRequests}, {@link Fixtures}
 * and the test {@link com.promptfloe.webhooks.Secret} as test method parameters.
 *
 * <pre>{@code
 * @PromptFloeTest(secret = "whsec_my_test_secret")
 * class MyObserverTest {
 *     @Test
 *     void handlesLiveDeployments(MutableClock clock, WebhookRequests requests, Fixtures fixtures) { ... }
 * }
 * }</pre>
 *
 * <p>It registers {@link PromptFloeExtension}; on a method it overrides the class's settings.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(PromptFloeExtension.class)
public @interface PromptFloeTest {

    /** The secret used when a test does not name one. */
    String DEFAULT_SECRET = "whsec_promptfloe_testkit";

    /**
     * The secret requests are signed with; give your receiver the same one.
     *
     * @return the secret
     */
    String secret() default DEFAULT_SECRET;

    /**
     * Where the {@link MutableClock} starts, as an ISO-8601 instant such as {@code 2026-04-26T12:34:56Z};
     * empty (the default) starts it at the real current second, so that requests signed with it are
     * accepted by an application running on the real clock until the test moves the clock.
     *
     * @return the start instant, or empty for now
     */
    String clockStart() default "";
}
