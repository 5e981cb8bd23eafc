package dev.surge.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free-port checks for the embedded defaults (9092, 8080) that may already be taken on a laptop. */
public final class Ports {

    private Ports() {
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback", e);
        }
    }
}
