package io.aiworkflow.engine.node;

import io.aiworkflow.engine.node.plugin.OutboundTargetGuard;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Address classification of the SSRF guard (IP literals only: no lookups leave the machine). */
class OutboundTargetGuardTest {

    private final OutboundTargetGuard guard = new OutboundTargetGuard(Set.of());

    @Test
    void nonPublicAddressesAreRefused() {
        for (String host : List.of(
                "127.0.0.1",
                "127.8.9.10",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "100.64.0.1",
                "100.127.255.254",
                "224.0.0.1",
                "255.255.255.255",
                "[::1]",
                "[::]",
                "[fc00::1]",
                "[fd12:3456::1]",
                "[fe80::1]",
                "[::ffff:10.0.0.1]",
                "[64:ff9b::a9fe:a9fe]",
                "[2002:0a00:0001::1]")) {
            NodeFailure f =
                    assertThrows(NodeFailure.class, () -> guard.check(URI.create("http://" + host + "/")), host);
            assertEquals("PLUGIN_TARGET_FORBIDDEN", f.code());
        }
    }

    @Test
    void publicAddressesPass() {
        for (String host : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "[2001:4860:4860::8888]")) {
            assertDoesNotThrow(() -> guard.check(URI.create("https://" + host + "/")), host);
        }
    }

    @Test
    void onlyHttpSchemesAndAllowListedHostsOrPorts() {
        assertThrows(NodeFailure.class, () -> guard.check(URI.create("ftp://8.8.8.8/")));
        assertThrows(NodeFailure.class, () -> guard.check(URI.create("gopher://8.8.8.8/")));
        OutboundTargetGuard allowed = OutboundTargetGuard.fromList(" 127.0.0.1:8080 , internal.example ,10.0.0.5");
        assertDoesNotThrow(() -> allowed.check(URI.create("http://127.0.0.1:8080/x")));
        assertThrows(NodeFailure.class, () -> allowed.check(URI.create("http://127.0.0.1:8081/x")));
        assertDoesNotThrow(() -> allowed.check(URI.create("https://INTERNAL.example/x")));
        assertDoesNotThrow(() -> allowed.check(URI.create("http://10.0.0.5:9000/x")));
        assertThrows(NodeFailure.class, () -> allowed.check(URI.create("http://10.0.0.6/x")));
    }
}
