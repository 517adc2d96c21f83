package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page works offline: its files are in the bundle and load nothing from elsewhere. */
class StaticFilesTest {
    private static final Pattern EXTERNAL = Pattern.compile("(https?:)?//[a-zA-Z0-9]|@import|\\burl\\(");

    private static String read(String name) throws IOException {
        try (InputStream in = StaticFiles.class.getResourceAsStream(StaticFiles.RESOURCES + name)) {
            assertNotNull(in, name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.html", "app.js", "app.css"})
    void noExternalReference(String name) throws IOException {
        String content = read(name).lines().filter(l -> !l.trim().startsWith("//")).reduce("", String::concat);
        assertFalse(EXTERNAL.matcher(content).find(), name + " refers to something outside the bundle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"src=\"app.js\"", "href=\"app.css\"", "<tbody></tbody>"})
    void pageLoadsItsOwnFiles(String expected) throws IOException {
        assertTrue(read("index.html").contains(expected), expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'data-host'", "'data-field'", "'data-action'", "window.confirm", "api/snapshot",
        "X-Mtce-Csrf", "login-password"})
    void scriptKeepsTheHooksTheBrowserTestUses(String expected) throws IOException {
        assertTrue(read("app.js").contains(expected), expected);
    }
}
