package dev.surge.tests;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A program from Debian's packages that a test runs (promtool, prometheus, docker-compose). Missing
 * is a failure, never a skip: {@code ./surge test} installs every one of them, so a missing program
 * means a machine the suite was not set up on, and a skipped check would pass in silence.
 */
public final class RequiredProgram {

    private RequiredProgram() {
    }

    /** The program on the PATH (or in /usr/bin); fails with how to install {@code debianPackage} otherwise. */
    public static Path find(String program, String debianPackage) {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            fail(program + " is not installed: run the tests with ./surge test, which installs what they need,"
                    + " or install it yourself (Debian/Ubuntu: apt-get install " + debianPackage + ")");
        }
        return found.get();
    }
}
