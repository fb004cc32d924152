package com.promptfloe.webhooks.jakarta.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<script>alert(1)</script>|&lt;script&gt;alert(1)&lt;/script&gt;",
        "a & b|a &amp; b",
        "`\" onmouseover=\"x`|&quot; onmouseover=&quot;x",
        "it's|it&#39;s",
        "plain é ✓|plain é ✓"})
    void escapesMarkupCharacters(String text, String escaped) {
        assertThat(Html.escape(text)).isEqualTo(escaped);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a b|a%20b", "x&y=z|x%26y%3Dz", "<|%3C"})
    void encodesUrlParameters(String value, String encoded) {
        assertThat(Html.url(value)).isEqualTo(encoded);
    }

    @org.junit.jupiter.api.Test
    void nullRendersEmpty() {
        assertThat(Html.escape(null)).isEmpty();
        assertThat(new Html().element("td", "", null).toString()).isEqualTo("<td></td>");
    }
}
