package io.mtce.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JvmHeapTest {
    @Test
    void serialGenerationsAreSummedAndMetaspaceKeptApart() {
        String serial = String.join("\n", "20880:",
                " def new generation   total 6912K, used 4K [0x00000000fd000000, 0x00000000fd770000)",
                "  eden space 6208K,   0% used [0x00000000fd000000, 0x00000000fd001380, 0x00000000fd610000)",
                " tenured generation   total 14992K, used 8992K [0x00000000fe000000, 0x0000000100000000)",
                "   the space 14992K,  59% used [0x00000000fe000000, 0x00000000fe8c8390, 0x00000000feea4000)",
                " Metaspace       used 16545K, committed 17152K, reserved 1114112K",
                "  class space    used 2022K, committed 2240K, reserved 1048576K");

        assertEquals(new JvmHeap.Live(8996, 16545), JvmHeap.parse(serial));
    }

    @Test
    void g1HasOneHeapLine() {
        String g1 = String.join("\n", "123:",
                " garbage-first heap   total 262144K, used 12345K [0x00000000f0000000, 0x0000000100000000)",
                "  region size 1024K, 3 young (3072K), 0 survivors (0K)",
                " Metaspace       used 900K, committed 1024K, reserved 1056768K");

        assertEquals(new JvmHeap.Live(12345, 900), JvmHeap.parse(g1));
    }
}
