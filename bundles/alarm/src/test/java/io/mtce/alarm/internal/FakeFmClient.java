package io.mtce.alarm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A shell script standing in for {@code fmClientCli}, in a directory of its own: it records each call's arguments
 * (one line, tab-separated), fails while {@code fail} holds a count above 0 (printing {@code FM_ERR_NOCONNECT}),
 * hangs in a child {@code sleep} while {@code hang} exists (writing both pids), lists {@code listing} for
 * {@code -A} ({@code FM_ERR_ENTITY_NOT_FOUND} without it) and answers {@code -d} with
 * {@code FM_ERR_ENTITY_NOT_FOUND} while {@code absent} exists.
 */
final class FakeFmClient {
    private final Path dir;
    private final Path script;

    FakeFmClient(Path dir) throws IOException {
        this.dir = dir;
        this.script = dir.resolve("fmClientCli");
        String d = dir.toAbsolutePath().toString();
        Files.writeString(script, String.join("\n",
                "#!/bin/bash",
                "d='" + d + "'",
                "line=''; for a in \"$@\"; do line+=\"$a\"$'\\t'; done",
                "echo \"$line\" >> \"$d/calls\"",
                "if [ -e \"$d/hang\" ]; then echo $$ > \"$d/hang.pid\"; sleep 30 & echo $! > \"$d/sleep.pid\"; wait;"
                        + " fi",
                "if [ -s \"$d/fail\" ]; then n=$(cat \"$d/fail\"); if [ \"$n\" -gt 0 ]; then"
                        + " echo $((n-1)) > \"$d/fail\"; echo FM_ERR_NOCONNECT; exit 255; fi; fi",
                "case \"$1\" in",
                "  -A) if [ -e \"$d/listing\" ]; then echo Ok; cat \"$d/listing\"; else echo FM_ERR_ENTITY_NOT_FOUND;"
                        + " exit 255; fi ;;",
                "  -d) if [ -e \"$d/absent\" ]; then echo FM_ERR_ENTITY_NOT_FOUND; exit 255; fi; echo Ok ;;",
                "  *) echo Ok; echo 0c0ffee0-0000-4000-8000-000000000000 ;;",
                "esac",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    String path() {
        return script.toAbsolutePath().toString();
    }

    /** Each call's arguments, oldest first. */
    List<List<String>> calls() {
        try {
            Path calls = dir.resolve("calls");
            if (!Files.exists(calls)) {
                return List.of();
            }
            return Files.readAllLines(calls, StandardCharsets.UTF_8).stream()
                    .map(l -> Arrays.asList(l.split("\t"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void failNext(int times) throws IOException {
        Files.writeString(dir.resolve("fail"), Integer.toString(times));
    }

    void hang(boolean on) throws IOException {
        if (on) {
            Files.writeString(dir.resolve("hang"), "");
        } else {
            Files.deleteIfExists(dir.resolve("hang"));
        }
    }

    void absent(boolean on) throws IOException {
        if (on) {
            Files.writeString(dir.resolve("absent"), "");
        } else {
            Files.deleteIfExists(dir.resolve("absent"));
        }
    }

    void listing(String... lines) throws IOException {
        Files.writeString(dir.resolve("listing"), String.join("\n", lines) + "\n");
    }

    /** The pid the hung call wrote to {@code name} ({@code hang.pid} or {@code sleep.pid}), once written. */
    Optional<Long> pid(String name) {
        try {
            Path p = dir.resolve(name);
            String s = Files.exists(p) ? Files.readString(p).strip() : "";
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
