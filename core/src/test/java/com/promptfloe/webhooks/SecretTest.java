package com.promptfloe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void neverShowsItsValue() {
        Secret secret = Secret.of("whsec_very_secret");
        assertThat(secret.toString()).isEqualTo("Secret[redacted]");
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("very");
    }

    @Test
    void keyBytesAreUtf8AndACopy() {
        Secret secret = Secret.of("sécret");
        byte[] key = secret.keyBytes();
        assertThat(key).isEqualTo("sécret".getBytes(StandardCharsets.UTF_8));
        key[0] = 'X';
        assertThat(secret.keyBytes()[0]).isEqualTo((byte) 's');
    }

    @Test
    void equalByValue() {
        assertThat(Secret.of("a1")).isEqualTo(Secret.of("a1")).isNotEqualTo(Secret.of("a2"))
                .hasSameHashCodeAs(Secret.of("a1"));
    }

    @Test
    void refusesBlankAndPaddedValues() {
        assertThatThrownBy(() -> Secret.of(null)).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> Secret.of(" ")).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> Secret.of("whsec_x\n")).hasMessageContaining("white space");
    }
}
