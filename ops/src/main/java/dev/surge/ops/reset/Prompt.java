package dev.surge.ops.reset;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Where the confirmation comes from: stdin, when it is a terminal. */
interface Prompt {

    /** Whether a person can answer: stdin is a terminal. */
    boolean interactive();

    /** One line typed, or null at the end of input. */
    String readLine();

    static Prompt system() {
        return new Prompt() {
            private BufferedReader reader;

            @Override
            public boolean interactive() {
                return stdinIsTerminal();
            }

            @Override
            public String readLine() {
                try {
                    if (reader == null) {
                        reader = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
                    }
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * On Linux, what file descriptor 0 points at (a terminal is {@code /dev/pts/N} or
     * {@code /dev/ttyN}), which is exact for stdin alone. Elsewhere the JDK's console, which
     * also wants stdout to be a terminal: JDK 22+ tells through {@code Console.isTerminal()}, JDK 21
     * has no console at all otherwise.
     */
    static boolean stdinIsTerminal() {
        Path fd0 = Path.of("/proc/self/fd/0");
        if (Files.exists(fd0, LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd0).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                // fall back to the console
            }
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
