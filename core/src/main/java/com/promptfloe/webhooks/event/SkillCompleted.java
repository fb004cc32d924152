package com.promptfloe.webhooks.event;

import java.util.List;

/**
 * {@code skill.completed}: a critique skill finished, with its markdown report and insights.
 *
 * @param metadata the envelope and delivery details
 * @param runId the skill run
 * @param alias the skill's alias
 * @param kind the kind of skill, {@code critique} today
 * @param markdown the report
 * @param insights the insights, empty when there were none
 * @param tokensUsed how many tokens it used, or {@code null}
 */
public record SkillCompleted(EventMetadata metadata, String runId, String alias, String kind, String markdown,
        List<Insight> insights, Long tokensUsed) implements PromptFloeEvent {

    /**
     * Keeps the insights immutable and never {@code null}.
     *
     * @param metadata the envelope and delivery details
     * @param runId the skill run
     * @param alias the skill's alias
     * @param kind the kind of skill
     * @param markdown the report
     * @param insights the insights
     * @param tokensUsed how many tokens it used
     */
    public SkillCompleted {
        insights = insights == null ? List.of() : List.copyOf(insights);
    }
}
