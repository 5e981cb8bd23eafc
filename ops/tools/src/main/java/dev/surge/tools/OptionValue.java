package dev.surge.tools;

import java.util.Deque;

/** Command-line options that take a value, written {@code --name value} or {@code --name=value}. */
public final class OptionValue {

    private OptionValue() {
    }

    /**
     * The value when {@code arg} is option {@code name} (taking the next argument for the first
     * form), or null when it is another argument.
     */
    public static String of(String name, String arg, Deque<String> rest) {
        if (arg.equals(name) && !rest.isEmpty()) {
            return rest.pop();
        }
        return arg.startsWith(name + "=") ? arg.substring(name.length() + 1) : null;
    }
}
