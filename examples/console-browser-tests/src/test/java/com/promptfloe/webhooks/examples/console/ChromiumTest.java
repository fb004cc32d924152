package com.promptfloe.webhooks.examples.console;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Debian's browser packages the browser tests fail and say how to install them. */
class ChromiumTest {

    @TempDir
    Path dir;

    @Test
    void aMissingBrowserFailsNamingTheInstallScript() {
        assertThatThrownBy(() -> Chromium.start(dir.resolve("chromium"), Chromium.DRIVER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("chromium").toString())
                .hasMessageContaining(".ci/install-browser");
    }

    @Test
    void aMissingDriverFailsNamingTheInstallScript() {
        assertThatThrownBy(() -> Chromium.start(Chromium.BROWSER, dir.resolve("chromedriver")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("chromedriver").toString())
                .hasMessageContaining(".ci/install-browser");
    }
}
