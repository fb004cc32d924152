package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.Secret;
import java.lang.reflect.AnnotatedElement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Injects a {@link MutableClock}, {@link WebhookRequests}, {@link Fixtures} and the test
 * {@link Secret} into test methods, constructors and lifecycle methods.
 *
 * <pre>{@code
 * @PromptFloeTest
 * class MyTest {
 *     @Test
 *     void refusesStaleSignatures(MutableClock clock, WebhookRequests requests, Secret secret) { ... }
 * }
 * }</pre>
 *
 * <p>Register it with {@link PromptFloeTest @PromptFloeTest} (which also sets the secret and the
 * clock's start), with {@code @ExtendWith(PromptFloeExtension.class)}, or for every test at once
 * through JUnit's automatic registration: the JAR lists it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}, which JUnit reads when
 * {@code junit.jupiter.extensions.autodetection.enabled=true} (in {@code junit-platform.properties}).
 * Within one test the same clock backs every injected object; each test gets a new one, started
 * at the real current second unless {@link PromptFloeTest#clockStart()} says otherwise (parameters of
 * {@code @BeforeAll} methods share one per class).
 */
public final class PromptFloeExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            PromptFloeExtension.class);
    private static final Set<Class<?>> SUPPORTED = Set.of(MutableClock.class, WebhookRequests.class, Fixtures.class,
            Secret.class);

    /** Creates the extension; JUnit calls it. */
    public PromptFloeExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return SUPPORTED.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Kit kit = extensionContext.getStore(NAMESPACE).getOrComputeIfAbsent(Kit.class, key -> newKit(extensionContext),
                Kit.class);
        if (type == MutableClock.class) {
            return kit.clock();
        }
        if (type == WebhookRequests.class) {
            return kit.requests();
        }
        if (type == Fixtures.class) {
            return kit.fixtures();
        }
        if (type == Secret.class) {
            return kit.secret();
        }
        throw new ParameterResolutionException("PromptFloeExtension cannot supply a " + type.getName());
    }

    private static Kit newKit(ExtensionContext context) {
        Optional<PromptFloeTest> settings = settings(context);
        String secretValue = settings.map(PromptFloeTest::secret).orElse(PromptFloeTest.DEFAULT_SECRET);
        String start = settings.map(PromptFloeTest::clockStart).orElse("");
        Secret secret;
        try {
            secret = Secret.of(secretValue);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@PromptFloeTest(secret = ...) is not usable: " + e.getMessage(),
                    e);
        }
        MutableClock clock;
        try {
            clock = MutableClock.at(start.isEmpty() ? Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    : Instant.parse(start));
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@PromptFloeTest(clockStart = \"" + start
                    + "\") is not an ISO-8601 instant such as 2026-04-26T12:34:56Z", e);
        }
        return new Kit(secret, clock, WebhookRequests.create(clock, secret), Fixtures.withClock(clock));
    }

    // The innermost declaration wins: the method, then its class, then enclosing classes of @Nested tests.
    private static Optional<PromptFloeTest> settings(ExtensionContext context) {
        for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = current.getElement();
            if (element.isPresent()) {
                Optional<PromptFloeTest> found = AnnotationSupport.findAnnotation(element.get(), PromptFloeTest.class);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private record Kit(Secret secret, MutableClock clock, WebhookRequests requests, Fixtures fixtures) {
    }
}
