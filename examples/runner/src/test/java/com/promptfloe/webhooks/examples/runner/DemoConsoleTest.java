package com.promptfloe.webhooks.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The console's demo users: who has which role, and that their passwords stay out of toString. */
class DemoConsoleTest {

    @Test
    void theAdminHasBothRolesAndTheViewerOnlyTheViewerRole() {
        DemoConsole console = DemoConsole.withRandomPasswords();

        assertThat(console.admin().name()).isEqualTo("demo-admin");
        assertThat(console.admin().roles()).containsExactly(DemoConsole.VIEWER_ROLE, DemoConsole.ADMIN_ROLE);
        assertThat(console.viewer().name()).isEqualTo("demo-viewer");
        assertThat(console.viewer().roles()).containsExactly(DemoConsole.VIEWER_ROLE);
    }

    @Test
    void everyStartGetsNewPasswordsThatToStringHides() {
        DemoConsole first = DemoConsole.withRandomPasswords();
        DemoConsole second = DemoConsole.withRandomPasswords();

        assertThat(first.admin().password()).hasSize(16).matches("[A-Za-z0-9]+").isNotEqualTo(first.viewer().password())
                .isNotEqualTo(second.admin().password());
        assertThat(first.admin().toString()).contains("demo-admin").doesNotContain(first.admin().password());
    }

    @Test
    void loginPagesMustBePathsInTheApplicationAndSomeoneMustBeAbleToLogIn() {
        List<FormLogin.User> users = List.of(FormLogin.User.withRandomPassword("a", "r"));
        assertThatThrownBy(() -> FormLogin.withPages("login.html", "/error.html", users))
                .hasMessageContaining("loginPage must be a path in the application starting with '/': login.html");
        assertThatThrownBy(() -> FormLogin.withPages("/login.html", "/error.html", List.of()))
                .hasMessageContaining("at least one user");
        assertThatThrownBy(() -> new FormLogin.User("a", " ", List.of()))
                .hasMessageContaining("user a needs a password");
    }
}
