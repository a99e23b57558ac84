package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        List<Integer> ports = Main.freePorts(5, 10_000, 32_768);
        assertEquals(5, new HashSet<>(ports).size());
        for (int port : ports) {
            assertTrue(port >= 10_000 && port < 32768, "port " + port);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void aPortInUseIsNotGiven() throws Exception {
        int port = Main.freePorts(1, 20_000, 32_000).getFirst();
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> Main.freePorts(1, port, port + 1));
            assertTrue(none.getMessage().contains("only 0 free ports"), none.getMessage());
        }
    }
}
