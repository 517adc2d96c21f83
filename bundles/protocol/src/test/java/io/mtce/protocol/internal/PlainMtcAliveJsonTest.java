package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plain fast path against jackson-core: whatever it writes is what jackson writes, whatever it reads jackson
 * reads to the same identity, and what it declines still gets jackson's answer.
 */
final class PlainMtcAliveJsonTest {
    private static final long SEED = 0x706C61696EL;
    private static final int ITERATIONS = 20_000;
    private static final String[] KEYS = {"hostname", "personality", "pxeboot_ip", "mgmt_ip", "cluster_host_ip",
        "mgmt_mac", "interface", "sequence", "x", "features"};
    private static final String[] VALUES = {"\"compute-0\"", "\"worker\"", "\"Mgmnt\"", "\"Clstr\"", "\"Pxeboot\"",
        "\"mgmnt\"", "\"\"", "\"192.168.204.3\"", "\"fd00::3\"", "\"a/b\"", "\"tab\there\"", "\"q\\\"\"", "\"\\u0041\"",
        "\"\u00e9\"", "\"\uD83D\uDE00\"", "0", "42", "4294967295", "01", "-1", "1.5", "2e3", "true", "null", "[]",
        "{}", "[\"a\",1]", "{\"k\":\"v\"}", "123456789012345678901234567890", "\"\u007f\""};
    private static final String[] SPACES = {"", "", "", " ", "\n", "\r\n\t "};
    /** Not JSON whitespace; one in a hundred spaces. */
    private static final String[] NOT_SPACES = {"\u000b", "\u00a0", "\u0000"};

    private final Random random = new Random(SEED);
    private final WireCodec codec = new WireCodec();

    @Test
    void theGoldenMtcAliveTakesTheFastPathBothWays() throws MalformedMessageException {
        MtcAlive alive = Golden.alive(Golden.FLAGS_LOCKED);
        assertEquals(Golden.ALIVE_JSON, PlainMtcAliveJson.write(alive));
        assertEquals(MtcAliveJson.writeGeneral(alive), PlainMtcAliveJson.write(alive));
        MtcAliveJson.Identity plain = PlainMtcAliveJson.read(Golden.ALIVE_JSON);
        assertNotNull(plain);
        assertEquals(MtcAliveJson.readGeneral(Golden.ALIVE_JSON), plain);
        assertArrayEquals(Golden.mtcAlive(Golden.FLAGS_LOCKED), codec.encode(alive));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "a\\b", "tab\t", "caf\u00e9", "\u007f", "\uD83D\uDE00"})
    void aValueThatNeedsEscapingOrIsNotAsciiIsLeftToJackson(String hostname) throws MalformedMessageException {
        MtcAlive alive = new MtcAlive(hostname, "worker", "", "", "", "", Network.CLUSTER_HOST, 1, 1, 0, 7);
        assertNull(PlainMtcAliveJson.write(alive));
        String json = MtcAliveJson.write(alive);
        assertEquals(MtcAliveJson.writeGeneral(alive), json);
        assertEquals(hostname, MtcAliveJson.read(json).hostname());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",\"note\":\"a\\\"b\"}", // an escape
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",\"sequence\":1.5}", // a fraction
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",\"features\":[\"pxeboot\"]}", // an array
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",\"ok\":true}", // a literal
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",\"sequence\":-1}", // a sign
    })
    void validJsonOutsideThePlainFormIsReadByJackson(String json) throws MalformedMessageException {
        assertNull(PlainMtcAliveJson.read(json));
        MtcAliveJson.Identity id = MtcAliveJson.read(json);
        assertEquals("h", id.hostname());
        assertEquals(Network.MANAGEMENT, id.network());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "{\"hostname\":\"h\",\"personality\":\"p\"}",
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Eth0\"}",
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\"} x",
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",}",
        "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Mgmnt\",\"sequence\":01}",
        "{\"hostname\":1,\"personality\":\"p\",\"interface\":\"Mgmnt\"}"})
    void whatJacksonRejectsThePlainPathDeclines(String json) {
        assertNull(PlainMtcAliveJson.read(json));
        try {
            MtcAliveJson.read(json);
            fail("accepted: " + json);
        } catch (MalformedMessageException e) {
            assertTrue(e.getMessage().contains("mtcAlive buf: "), e.getMessage());
        }
    }

    @Test
    void aRepeatedKeyCountsOnceWithTheLastValueOnBothPaths() throws MalformedMessageException {
        String json = "{\"hostname\":\"a\",\"personality\":\"p\",\"interface\":\"Clstr\",\"hostname\":\"b\"}";
        assertEquals("b", PlainMtcAliveJson.read(json).hostname());
        assertEquals(MtcAliveJson.readGeneral(json), PlainMtcAliveJson.read(json));
    }

    /** Seeded random objects built from plain and not-so-plain pieces: the two paths never disagree. */
    @Test
    void randomObjectsReadTheSameOnBothPaths() {
        int plain = 0;
        int declinedButValid = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String json = randomObject();
            Object fast = Outcomes.plainJson(json);
            Object general = Outcomes.generalJson(json);
            if (fast != null) {
                assertEquals(general, fast, json);
                plain++;
            } else if (general instanceof MtcAliveJson.Identity) {
                declinedButValid++;
            }
        }
        // Both branches are exercised, so neither assertion above is vacuous.
        assertTrue(plain > ITERATIONS / 50, "plain accepted " + plain);
        assertTrue(declinedButValid > ITERATIONS / 50, "declined but valid " + declinedButValid);
    }

    @Test
    void randomValuesWriteTheSameOnBothPaths() {
        String alphabet = "az09-_.:/ \"\\\t\u00e9\u007f{}";
        int plain = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String[] v = new String[6];
            for (int k = 0; k < v.length; k++) {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(8);
                for (int c = 0; c < length; c++) {
                    // mostly plain characters, so that whole messages are plain often enough
                    s.append(random.nextInt(40) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                            : alphabet.charAt(random.nextInt(10)));
                }
                v[k] = s.toString();
            }
            MtcAlive alive = new MtcAlive(v[0], v[1], v[2], v[3], v[4], v[5],
                    Network.values()[random.nextInt(Network.values().length)], random.nextInt(), random.nextInt(3),
                    random.nextInt(), random.nextInt());
            String fast = PlainMtcAliveJson.write(alive);
            if (fast != null) {
                assertEquals(MtcAliveJson.writeGeneral(alive), fast);
                plain++;
            }
            // Straight to the datagram, plain or not: the bytes of the message built first.
            assertArrayEquals(codec.encode(codec.mtcAlive(alive)), codec.encode(alive), alive::toString);
        }
        assertTrue(plain > ITERATIONS / 4 && plain < ITERATIONS, "plain " + plain);
    }

    private String randomObject() {
        if (random.nextInt(20) == 0) {
            return randomGarbage();
        }
        List<String> members = new ArrayList<>();
        // Usually the three required keys with good values, in random places among the others.
        if (random.nextInt(8) != 0) {
            members.add(member("\"hostname\"", "\"h-" + random.nextInt(100) + "\""));
            members.add(member("\"personality\"", "\"worker\""));
            members.add(member("\"interface\"", VALUES[2 + random.nextInt(4)]));
        }
        int more = random.nextInt(6);
        for (int m = 0; m < more; m++) {
            members.add(random.nextInt(members.size() + 1), member("\"" + KEYS[random.nextInt(KEYS.length)] + "\"",
                    random.nextInt(3) == 0 ? VALUES[random.nextInt(VALUES.length)] : "\"v" + m + "\""));
        }
        StringBuilder json = new StringBuilder(space()).append('{').append(space());
        for (int m = 0; m < members.size(); m++) {
            json.append(m == 0 ? "" : "," + space()).append(members.get(m));
        }
        json.append(space()).append('}').append(space());
        if (random.nextInt(30) == 0) {
            json.insert(random.nextInt(json.length() + 1), VALUES[random.nextInt(VALUES.length)]);
        }
        return json.toString();
    }

    private String member(String key, String value) {
        return key + space() + ":" + space() + value + space();
    }

    private String space() {
        return random.nextInt(100) == 0 ? NOT_SPACES[random.nextInt(NOT_SPACES.length)]
                : SPACES[random.nextInt(SPACES.length)];
    }

    private String randomGarbage() {
        String pieces = "{}[]:,\" \\0-1.e\u00e9";
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(30);
        for (int i = 0; i < length; i++) {
            s.append(pieces.charAt(random.nextInt(pieces.length())));
        }
        return s.toString();
    }
}
