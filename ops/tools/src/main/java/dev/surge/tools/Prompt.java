package dev.surge.tools;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a command's confirmation comes from (reset, dlq replay): stdin, when it is a terminal.
 * Without one, a command that changes things needs {@code --yes}.
 */
public interface Prompt {

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

    /** A terminal on which these lines are typed, one per question, then the end of input. */
    static Prompt typing(List<String> lines) {
        Deque<String> left = new ArrayDeque<>(lines);
        return new Prompt() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine() {
                return left.poll();
            }
        };
    }

    /** No terminal, as in a script: nobody can be asked. */
    static Prompt noTerminal() {
        return new Prompt() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String readLine() {
                throw new IllegalStateException("no terminal to ask on");
            }
        };
    }

    /**
     * Whether the JVM has a terminal (stdin and stdout). JDK 21 creates a console only then; JDK 22+
     * always may, and says through {@code Console.isTerminal()}, which this Java 21 bytecode calls
     * by name. A piped stdout therefore also needs {@code --yes}: a command in a script says so.
     */
    static boolean stdinIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21, where a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot tell whether stdin is a terminal", e);
        }
    }
}
