package dev.surge.http.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One keep-alive HTTP/1.1 connection, blocking, for one thread at a time: a request is written
 * whole, then its answer is read whole. The bench's and the demo's client because both must leave
 * the CPU to the server they drive on the same machine: measured on the 2-core machine against a
 * bare Helidon handler (64 connections, client in its own JVM), this costs 23–29 µs of CPU per
 * request, Helidon's WebClient 92–196 µs and java.net.http 133–400 µs. Request bodies go with
 * Content-Length and, unless the caller names another, Content-Type application/json; answers may
 * come with Content-Length, chunked, or delimited by the server closing. A failed request leaves
 * the connection closed and the next one opens a new one. {@link HttpConnectionPool} shares a few
 * among many threads.
 */
public final class HttpConnection implements AutoCloseable {

    /**
     * An answer: its status, its headers (names in lower case; of a repeated header, the first)
     * and its body.
     */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        /** The header's value, the name in any case; null without one. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int MAX_HEADER_LINE = 8192;

    private final URI base;
    private final String basePath;
    private final String host;
    private final int port;
    private final int timeoutMs;
    /** For https: whose certificates to trust; null = the JVM's default CAs. */
    private final SSLContext tls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param timeout for connecting, and for each read of an answer: a long poll needs it longer than its wait */
    public HttpConnection(URI base, Duration timeout) {
        this(base, timeout, null);
    }

    /**
     * @param tls for an https base: trusts the certificates this context trusts (null: the JVM's
     *            default CAs); the server's certificate must name the base's host either way
     */
    public HttpConnection(URI base, Duration timeout, SSLContext tls) {
        this.base = base;
        this.tls = tls;
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
        this.timeoutMs = (int) timeout.toMillis();
    }

    /** Sends one request without headers of its own and reads its answer. */
    public Answer send(String method, String pathAndQuery, byte[] body) throws IOException {
        return send(method, pathAndQuery, Map.of(), body);
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param pathAndQuery e.g. {@code /v1/orders/o-1?wait=5s}, already encoded; after the base URL's path
     * @param headers      sent as given, e.g. Idempotency-Key; a Content-Type replaces application/json
     * @param body         null for none
     */
    public Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException {
        if (socket != null) {
            try {
                return exchange(method, pathAndQuery, headers, body);
            } catch (ClosedWhileIdle e) {
                // The server closed the kept-alive connection before this request reached it: once
                // more on a new one. Any other failure is the request's and is counted as such.
            }
        }
        open();
        return exchange(method, pathAndQuery, headers, body);
    }

    /** The server had closed the connection: the request could not be written, or not a byte of an answer came. */
    private static final class ClosedWhileIdle extends EOFException {
        ClosedWhileIdle(String why) {
            super("connection closed by the server (" + why + ")");
        }
    }

    private Answer exchange(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException {
        try {
            try {
                write(method, pathAndQuery, headers, body);
            } catch (IOException e) {
                throw new ClosedWhileIdle(e.getMessage());
            }
            return read();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), timeoutMs);
            plain.setSoTimeout(timeoutMs);
            socket = base.getScheme().equals("https") ? handshake(plain) : plain;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /**
     * TLS over the connected socket, the host name checked against the certificate (a raw
     * SSLSocket checks none unless told). Done here, so that a refused certificate fails the
     * connect rather than passing for a server that closed an idle connection.
     */
    private Socket handshake(Socket plain) throws IOException {
        SSLSocketFactory factory = tls != null ? tls.getSocketFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket secure = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        return secure;
    }

    private void write(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(basePath)
                .append(pathAndQuery).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        boolean typed = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            typed |= header.getKey().equalsIgnoreCase("Content-Type");
            head.append(oneLine(header.getKey())).append(": ").append(oneLine(header.getValue())).append("\r\n");
        }
        if (body != null) {
            if (!typed) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** A line break would end the header early and smuggle what follows into the request. */
    private static String oneLine(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line break in header text: " + text);
        }
        return text;
    }

    private Answer read() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new ClosedWhileIdle("no answer");
        }
        String statusLine = (char) first + line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        Map<String, String> headers = new HashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String raw = header.substring(colon + 1).trim();
            headers.putIfAbsent(name, raw);
            String value = raw.toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closes = value.contains("close");
                default -> { }
            }
        }
        byte[] body = chunked ? chunks() : length >= 0 ? exactly(length) : in.readAllBytes();
        if (closes || !chunked && length < 0) {
            close();
        }
        return new Answer(status, headers, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(exactly(size));
            line();
        }
        String trailer;
        do {
            trailer = line(); // trailers, if any, up to the empty line
        } while (!trailer.isEmpty());
        return body.toByteArray();
    }

    private long chunkSize() throws IOException {
        String line = line();
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private byte[] exactly(long length) throws IOException {
        byte[] bytes = in.readNBytes(Math.toIntExact(length));
        if (bytes.length < length) {
            throw new EOFException("answer cut short: " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
            if (line.length() > MAX_HEADER_LINE) {
                throw new IOException("header line over " + MAX_HEADER_LINE + " bytes");
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a connection that already failed: nothing more to learn.
            }
            socket = null;
        }
    }
}
