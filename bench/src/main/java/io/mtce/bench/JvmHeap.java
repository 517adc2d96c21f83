package io.mtce.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, through jcmd: a full collection ({@code GC.run}), then {@code GC.heap_info}, whose
 * "used" figures are then the live set rather than wherever the young generation happened to be. Works on a JVM
 * started with {@code -XX:-UsePerfData} (as bin/mtce does), which jstat cannot see.
 */
final class JvmHeap {
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern META_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

    /** Heap used after a full GC and metaspace used, in KiB. */
    record Live(long heapKb, long metaspaceKb) {
    }

    private JvmHeap() {
    }

    static Live afterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return parse(jcmd(pid, "GC.heap_info"));
    }

    /** Sums the generations' (or G1's one region) "used"; metaspace apart; -1 for metaspace when not reported. */
    static Live parse(String heapInfo) {
        long heap = 0;
        for (String line : heapInfo.split("\n")) {
            Matcher m = USED.matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                heap += Long.parseLong(m.group(1));
            }
        }
        Matcher meta = META_USED.matcher(heapInfo);
        return new Live(heap, meta.find() ? Long.parseLong(meta.group(1)) : -1);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
