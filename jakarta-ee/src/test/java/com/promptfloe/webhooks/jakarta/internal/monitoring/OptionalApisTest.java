package com.promptfloe.webhooks.jakarta.internal.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.jakarta.internal.PromptFloeExtension;
import com.promptfloe.webhooks.jakarta.internal.WebhookSettings;
import com.promptfloe.webhooks.jdbc.JdbcProbe;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JAR on a runtime without OpenTelemetry, Micrometer and MicroProfile Health (a bare Tomcat +
 * Weld): the classes that load there never touch those APIs, and the ones that do are never loaded.
 */
class OptionalApisTest {

    private static final List<String> HIDDEN = List.of("io.opentelemetry.", "io.micrometer.",
            "org.eclipse.microprofile.health.");

    /** Loads this project's classes itself and refuses the optional APIs, as a runtime without them does. */
    private static final class WithoutOptionalApis extends URLClassLoader {
        WithoutOptionalApis() {
            super(new URL[] {location(Monitoring.class), location(WebhookReceiver.class), location(JdbcProbe.class)},
                    OptionalApisTest.class.getClassLoader());
        }

        private static URL location(Class<?> type) {
            return type.getProtectionDomain().getCodeSource().getLocation();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (HIDDEN.stream().anyMatch(name::startsWith)) {
                throw new ClassNotFoundException(name + " is hidden: this runtime does not have it");
            }
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("com.promptfloe.")) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }
    }

    @Test
    void withoutTheApisNothingIsFoundAndTheListenerIsNone() throws Exception {
        try (WithoutOptionalApis loader = new WithoutOptionalApis()) {
            Class<?> monitoring = loader.loadClass(Monitoring.class.getName());
            assertThat(monitoring.getClassLoader()).isSameAs(loader);
            Method present = monitoring.getMethod("present", String.class);
            for (String api : List.of(Monitoring.OPENTELEMETRY, Monitoring.MICROMETER, Monitoring.MICROPROFILE_HEALTH)) {
                assertThat(present.invoke(null, api)).as(api).isEqualTo(false);
            }
            Class<?> switches = loader.loadClass(WebhookSettings.Monitoring.class.getName());
            Object allOn = switches.getConstructor(boolean.class, boolean.class, boolean.class)
                    .newInstance(true, true, true);
            Method listener = monitoring.getDeclaredMethod("listener", switches, String.class);
            listener.setAccessible(true);
            Object none = loader.loadClass(DeliveryListener.class.getName()).getField("NONE").get(null);
            assertThat(listener.invoke(null, allOn, "/shop")).isSameAs(none);
        }
    }

    @Test
    void theExtensionLoadsAndAddsNoHealthCheckWhileTheClassesThatNeedTheApisCannotLoad() throws Exception {
        try (WithoutOptionalApis loader = new WithoutOptionalApis()) {
            Class<?> extension = loader.loadClass(PromptFloeExtension.class.getName());
            // What a CDI container does with an extension: reflect over its observer methods, then call them.
            assertThat(extension.getDeclaredMethods()).isNotEmpty();
            Object instance = extension.getConstructor().newInstance();
            Method addHealthChecks = extension.getDeclaredMethod("addHealthChecks",
                    jakarta.enterprise.inject.spi.AfterBeanDiscovery.class);
            addHealthChecks.setAccessible(true);
            addHealthChecks.invoke(instance, (Object) null); // no API: the event is never touched

            for (Class<?> needsAnApi : List.of(HealthChecks.class, MicrometerListener.class,
                    OpenTelemetryListener.class)) {
                assertThatThrownBy(() -> {
                    Class<?> loaded = loader.loadClass(needsAnApi.getName());
                    loaded.getDeclaredFields();
                    loaded.getDeclaredConstructors();
                    loaded.getDeclaredMethods();
                })
                        .as(needsAnApi.getSimpleName()).isInstanceOf(NoClassDefFoundError.class);
            }
        }
    }

    @Test
    void noClassOfTheAdaptersIsABeanByDiscovery() {
        // The JAR is a bean archive (so that WildFly's health extension sees the checks the extension
        // adds), but discovers by bean-defining annotation only, and none of its classes has one.
        assertThat(java.nio.file.Path.of("target/classes/META-INF/beans.xml")).as("jakarta-ee's own beans.xml")
                .content().contains("bean-discovery-mode=\"annotated\"");
        for (Class<?> type : List.of(HealthChecks.class, MicrometerListener.class, OpenTelemetryListener.class,
                Monitoring.class)) {
            assertThat(type.getAnnotations()).as(type.getSimpleName()).isEmpty();
        }
    }
}
