package com.promptfloe.webhooks.jakarta;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Put this qualifier on an observer to receive only the deliveries of one endpoint.
 *
 * <pre>{@code
 * void onBillingPayment(@Observes @PromptFloeEndpoint("billing") PaymentSucceeded event) { ... }
 * void onAnyPayment(@Observes PaymentSucceeded event) { ... }   // every endpoint
 * }</pre>
 *
 * <p>Every event is fired with this qualifier naming its endpoint: one of the names in
 * {@code promptfloe.webhooks.endpoints}, or {@value #DEFAULT} for the single-endpoint setup.
 * Observers without it receive the deliveries of all endpoints.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface PromptFloeEndpoint {

    /** The endpoint name of the single-endpoint setup ({@code promptfloe.webhooks.secret}). */
    String DEFAULT = "default";

    /**
     * The endpoint name.
     *
     * @return the name
     */
    String value();

    /**
     * An instance of the qualifier, for {@code Event.select} and {@code Instance.select}.
     */
    final class Literal extends AnnotationLiteral<PromptFloeEndpoint> implements PromptFloeEndpoint {
        private static final long serialVersionUID = 1L;

        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /**
         * The qualifier for one endpoint.
         *
         * @param endpoint the endpoint name
         * @return the qualifier
         */
        public static Literal of(String endpoint) {
            return new Literal(Objects.requireNonNull(endpoint, "endpoint"));
        }

        @Override
        public String value() {
            return value;
        }
    }
}
