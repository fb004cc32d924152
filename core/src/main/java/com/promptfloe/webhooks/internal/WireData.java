package com.promptfloe.webhooks.internal;

import com.promptfloe.webhooks.event.Insight;
import java.util.List;

/**
 * The {@code data} objects of the documented event types as JSON-B binds them: plain classes with
 * public fields. Binding straight into the public records goes through JSON-B's creator path, which
 * measured twice as slow as the whole rest of a 1 KiB parse (BENCHMARKS.md, EnvelopeBindingBenchmark);
 * the parser copies these into the records.
 */
public final class WireData {

    private WireData() {
    }

    /** {@code app.generated}. */
    public static final class AppGenerated {
        /** The app. */
        public String appId;
        /** The chat. */
        public String chatId;
        /** The preview URL. */
        public String previewUrl;
        /** Generation time in milliseconds. */
        public Long durationMs;
        /** Tokens used. */
        public Long tokensUsed;
    }

    /** {@code app.failed}. */
    public static final class AppFailed {
        /** The chat. */
        public String chatId;
        /** The error code. */
        public String code;
        /** The error message. */
        public String message;
    }

    /** {@code skill.completed}. */
    public static final class SkillCompleted {
        /** The run. */
        public String runId;
        /** The skill's alias. */
        public String alias;
        /** The kind of skill. */
        public String kind;
        /** The report. */
        public String markdown;
        /** The insights. */
        public List<Insight> insights;
        /** Tokens used. */
        public Long tokensUsed;
    }

    /** {@code augmenter.applied}. */
    public static final class AugmenterApplied {
        /** The run. */
        public String runId;
        /** The augmenter's alias. */
        public String alias;
        /** The app. */
        public String appId;
        /** Files written. */
        public Integer filesChanged;
        /** The run's idempotency key. */
        public String idempotencyKey;
    }

    /** {@code deployment.live}. */
    public static final class DeploymentLive {
        /** The deployment. */
        public String deploymentId;
        /** The app. */
        public String appId;
        /** The site's name. */
        public String siteName;
        /** The live URL. */
        public String url;
    }
}
