package dev.surge.tests;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    /**
     * Runs the program with {@code args} in {@code workDir} (or here, when null) and answers what it
     * printed, stdout and stderr together; fails with that output unless it exits 0 within 60 s.
     */
    public static String run(String program, String debianPackage, Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(find(program, debianPackage).toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
