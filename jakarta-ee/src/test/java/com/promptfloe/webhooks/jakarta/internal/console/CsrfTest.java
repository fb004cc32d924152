package com.promptfloe.webhooks.jakarta.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsrfTest {

    private static final List<Secret> SECRETS = List.of(Secret.of("whsec_one"), Secret.of("whsec_two"));

    @Test
    void twoNodesWithTheSameSecretsAgreeOnEveryUsersToken() {
        Csrf node1 = Csrf.derivedFrom(SECRETS);
        Csrf node2 = Csrf.derivedFrom(List.of(Secret.of("whsec_one"), Secret.of("whsec_two")));
        assertThat(node1.token("ada")).isEqualTo(node2.token("ada"));
        assertThat(node2.valid("ada", node1.token("ada"))).isTrue();
    }

    @Test
    void aTokenIsOnlyValidForItsUser() {
        Csrf csrf = Csrf.derivedFrom(SECRETS);
        assertThat(csrf.token("ada")).isNotEqualTo(csrf.token("vera"));
        assertThat(csrf.valid("vera", csrf.token("ada"))).isFalse();
        assertThat(csrf.valid("ada", null)).isFalse();
        assertThat(csrf.valid("ada", "")).isFalse();
        assertThat(csrf.valid(null, csrf.token("ada"))).isFalse();
        assertThat(csrf.valid("ada", csrf.token("ada") + "x")).isFalse();
    }

    @Test
    void otherSecretsGiveOtherTokensAndNoTokenShowsASecret() {
        Csrf csrf = Csrf.derivedFrom(SECRETS);
        Csrf rotated = Csrf.derivedFrom(List.of(Secret.of("whsec_two")));
        assertThat(csrf.token("ada")).isNotEqualTo(rotated.token("ada")).doesNotContain("whsec", "one", "two")
                .matches("[A-Za-z0-9_-]{43}");
        assertThat(csrf.toString()).doesNotContain("whsec");
    }

    @Test
    void withoutSecretsTheKeyIsRandomPerInstance() {
        assertThat(Csrf.derivedFrom(List.of()).token("ada")).isNotEqualTo(Csrf.derivedFrom(List.of()).token("ada"));
    }
}
