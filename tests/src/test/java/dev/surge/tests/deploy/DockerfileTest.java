package dev.surge.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.tests.deploy.DeployFiles.Instruction;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, read rather than built (a build needs a Docker engine): what would break
 * `docker build` or the container — a module whose pom is not copied, a COPY of a path that
 * .dockerignore drops, a state directory the non-root user cannot write, a JVM flag the runtime
 * JDK refuses — fails here.
 */
class DockerfileTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    private static Path root;
    private static List<Instruction> all;
    private static List<Instruction> build;
    private static List<Instruction> runtime;
    private static Map<String, String> env;

    @BeforeAll
    static void load() {
        root = DeployFiles.root();
        all = DeployFiles.dockerfile(root.resolve("Dockerfile"));
        runtime = DeployFiles.finalStage(all);
        build = all.subList(0, all.size() - runtime.size());
        env = DeployFiles.dockerEnv(runtime);
        assertThat(build).as("a build stage before the runtime stage").isNotEmpty();
    }

    @Test
    void theWrapperAndEveryModulePomArriveBeforeTheFirstBuildAndTheSourcesAfter() {
        int firstPackage = indexOf(build, in -> in.keyword().equals("RUN") && in.args().contains("mvnw")
                && in.args().contains("package"));
        int firstMvnw = indexOf(build, in -> in.keyword().equals("RUN") && in.args().contains("mvnw"));
        assertThat(firstPackage).as("a RUN ./mvnw ... package").isNotNegative();
        List<String> copiedBeforeWrapperRuns = copySources(build.subList(0, firstMvnw));
        assertThat(copiedBeforeWrapperRuns).as("./mvnw needs itself and .mvn/wrapper").contains("mvnw")
                .anyMatch(s -> s.equals(".mvn") || s.startsWith(".mvn/"));

        List<String> beforePackage = copySources(build.subList(0, firstPackage));
        List<String> expected = new ArrayList<>(List.of("pom.xml"));
        modules().forEach(m -> expected.add(m + "/pom.xml"));
        assertThat(beforePackage).as("the reactor reads every module's pom, built or not").containsAll(expected);
        assertThat(beforePackage).as("no sources before the dependency layer, or every code change refetches it")
                .noneMatch(s -> s.contains("/src"));
    }

    @Test
    void everyModuleTheArtifactNeedsHasItsSourcesCopied() {
        List<String> copied = copySources(build);
        Set<String> needed = modulesTheArtifactNeeds();
        assertThat(needed).contains("ops/tools", "ops/node", "schemas");
        for (String module : needed) {
            assertThat(copied).as("COPY %s/src", module).contains(module + "/src");
        }
        String packageRun = build.stream().filter(in -> in.keyword().equals("RUN") && in.args().contains("package"))
                .reduce((a, b) -> b).orElseThrow().args();
        assertThat(packageRun).contains("-pl ops/tools").contains("-am").contains("-DskipTests");
    }

    @Test
    void theRuntimeStageTakesWhatTheOpsBuildProduces() {
        String pom = DeployFiles.text(root.resolve("ops/tools/pom.xml"));
        assertThat(pom).as("the Dockerfile expects ops/tools/target/surge.jar").contains("<finalName>surge</finalName>")
                .as("and ops/tools/target/lib").contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>")
                .contains("<classpathPrefix>lib/</classpathPrefix>");
        String buildText = String.join("\n", build.stream().map(Instruction::args).toList());
        assertThat(buildText).contains("ops/tools/target/surge.jar").contains("ops/tools/target/lib");

        List<String> entrypoint = jsonArray(single(runtime, "ENTRYPOINT").args());
        assertThat(entrypoint).as("exec form: java is PID 1 and gets SIGTERM for the graceful drain")
                .startsWith("java").contains("-jar");
        String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);
        String workdir = single(runtime, "WORKDIR").args();
        Path jarPath = Path.of(workdir).resolve(jar);
        List<String> destinations = runtime.stream().filter(in -> in.keyword().equals("COPY"))
                .map(in -> DeployFiles.words(in.args()).getLast()).toList();
        assertThat(destinations).as("surge.jar is copied to where ENTRYPOINT runs it").contains(jarPath.toString());
        assertThat(destinations).as("its Class-Path entries are lib/*.jar next to it")
                .contains(jarPath.getParent().resolve("lib").toString() + "/");
        assertThat(jsonArray(single(runtime, "CMD").args())).containsExactly("run");
    }

    @Test
    void theProcessRunsAsAFixedNonRootUserThatOwnsTheStateDirectory() {
        String user = single(runtime, "USER").args();
        assertThat(user).as("numeric, so Kubernetes' runAsNonRoot can check it").matches("\\d+(:\\d+)?");
        String uid = user.split(":")[0];
        assertThat(uid).isNotEqualTo("0");
        Path stateDir = Path.of(env.get("STATE_DIR"));
        assertThat(stateDir.isAbsolute()).as("STATE_DIR %s is absolute", stateDir).isTrue();
        Matcher chown = Pattern.compile("chown\\s+(?:-R\\s+)?" + uid + "(?::\\d+)?\\s+(\\S+)").matcher(
                String.join("\n", runtime.stream().filter(in -> in.keyword().equals("RUN")).map(Instruction::args).toList()));
        boolean owned = false;
        while (chown.find()) {
            owned |= stateDir.startsWith(Path.of(chown.group(1)));
        }
        assertThat(owned).as("a RUN chowns a parent of STATE_DIR %s to uid %s", stateDir, uid).isTrue();
        Path kafkaDir = Path.of(env.get("EMBEDDED_KAFKA_DATA_DIR"));
        assertThat(kafkaDir.getParent()).as("the embedded broker writes beside the state").isEqualTo(stateDir.getParent());
        assertThat(single(runtime, "EXPOSE").args()).isEqualTo(env.get("HTTP_PORT"));
    }

    @Test
    void everyEnvNameIsOneSurgeOrTheJvmReads() {
        Set<String> settings = DeployFiles.surgeSettings();
        Set<String> others = DeployFiles.otherReaders(root);
        assertThat(env.keySet()).allSatisfy(name -> assertThat(DeployFiles.unread(name, settings, others)).isNull());
    }

    @Test
    void jvmFlagsSuitTheRuntimeJdkWhereverTheyAreSet() {
        Matcher base = Pattern.compile("eclipse-temurin:(\\d+)-jre").matcher(single(runtime, "FROM").args());
        assertThat(base.find()).as("the runtime image is a Temurin JRE").isTrue();
        int jdk = Integer.parseInt(base.group(1));
        assertThat(jdk).isGreaterThanOrEqualTo(21);

        List<String> flagSets = new ArrayList<>();
        flagSets.add(env.get("JDK_JAVA_OPTIONS"));
        for (Path file : DeployFiles.files(root.resolve("ops/k8s"), "*.yaml")) {
            DeployFiles.documents(file).forEach(doc -> collectJvmOptions(doc, flagSets));
        }
        DeployFiles.documents(root.resolve("docker-compose.yml")).forEach(doc -> collectJvmOptions(doc, flagSets));
        for (String flags : flagSets) {
            assertThat(flags).as("JDK_JAVA_OPTIONS").isNotNull()
                    .contains("--enable-native-access=ALL-UNNAMED")
                    .contains("-XX:+ExitOnOutOfMemoryError")
                    .containsPattern("-XX:MaxRAMPercentage=\\d+");
            if (jdk < 23) {
                assertThat(flags).as("JDK %d refuses to start with an unknown option", jdk)
                        .doesNotContain("--sun-misc-unsafe-memory-access");
            }
        }
    }

    @Test
    void dockerignoreKeepsBuildOutputAndHistoryOutButNothingTheBuildCopies() {
        Path ignoreFile = root.resolve(".dockerignore");
        assertThat(ignoreFile).isRegularFile();
        List<String> patterns = DeployFiles.text(ignoreFile).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored(patterns, ".git")).as(".git ignored").isTrue();
        assertThat(ignored(patterns, "ops/tools/target")).as("module target/ ignored").isTrue();
        assertThat(ignored(patterns, "target")).as("target/ ignored").isTrue();
        assertThat(ignored(patterns, "data")).as("data/ ignored").isTrue();
        for (String source : copySources(all)) {
            assertThat(Files.exists(root.resolve(source))).as("COPY source %s exists", source).isTrue();
            assertThat(ignored(patterns, source.replaceAll("/$", ""))).as("COPY source %s is in the build context", source)
                    .isFalse();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static int indexOf(List<Instruction> list, java.util.function.Predicate<Instruction> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Instruction single(List<Instruction> list, String keyword) {
        List<Instruction> found = list.stream().filter(in -> in.keyword().equals(keyword)).toList();
        assertThat(found).as("%s in the runtime stage", keyword).hasSize(1);
        return found.getFirst();
    }

    /** The context paths of COPY/ADD instructions (not --from another stage). */
    private static List<String> copySources(List<Instruction> instructions) {
        List<String> sources = new ArrayList<>();
        for (Instruction in : instructions) {
            if (!in.keyword().equals("COPY") && !in.keyword().equals("ADD")) {
                continue;
            }
            List<String> words = new ArrayList<>(DeployFiles.words(in.args()));
            if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--"));
            words.subList(0, words.size() - 1).forEach(s -> sources.add(s.startsWith("./") ? s.substring(2) : s));
        }
        return sources;
    }

    private static List<String> jsonArray(String text) {
        assertThat(text.strip()).as("exec (JSON array) form").startsWith("[");
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        while (m.find()) {
            items.add(m.group(1));
        }
        return items;
    }

    /** Every module of the reactor, nested ones (ops/node) included, as paths from the root. */
    private static List<String> modules() {
        List<String> all = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(""));
        while (!todo.isEmpty()) {
            String parent = todo.pop();
            String pom = DeployFiles.text(root.resolve(parent).resolve("pom.xml"));
            MODULE.matcher(pom).results().map(r -> r.group(1).strip())
                    .map(module -> parent.isEmpty() ? module : parent + "/" + module)
                    .forEach(module -> {
                        all.add(module);
                        todo.add(module);
                    });
        }
        return all;
    }

    /**
     * ops/tools (surge.jar) and every module with sources it depends on (what `-pl ops/tools -am`
     * builds), read from the poms; aggregators such as ops only contribute their pom.
     */
    private static Set<String> modulesTheArtifactNeeds() {
        Map<String, String> moduleByArtifact = new HashMap<>();
        Map<String, String> poms = new HashMap<>();
        for (String module : modules()) {
            String pom = DeployFiles.text(root.resolve(module).resolve("pom.xml"));
            poms.put(module, pom);
            String own = pom.replaceFirst("(?s)<parent>.*?</parent>", "");
            Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
            assertThat(artifact.find()).as("artifactId of %s", module).isTrue();
            moduleByArtifact.put(artifact.group(1).strip(), module);
        }
        Set<String> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("ops/tools"));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (!needed.add(module)) {
                continue;
            }
            for (var dep : DEPENDENCY.matcher(poms.get(module)).results().map(r -> r.group(1)).toList()) {
                Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(dep);
                if (dep.contains("<groupId>dev.surge</groupId>") && artifact.find()
                        && moduleByArtifact.containsKey(artifact.group(1).strip())) {
                    todo.push(moduleByArtifact.get(artifact.group(1).strip()));
                }
            }
        }
        return needed;
    }

    private static void collectJvmOptions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            if ("JDK_JAVA_OPTIONS".equals(node.path("name").asText()) && node.has("value")) {
                out.add(node.path("value").asText());
            }
            if (node.has("JDK_JAVA_OPTIONS") && node.path("JDK_JAVA_OPTIONS").isValueNode()) {
                out.add(node.path("JDK_JAVA_OPTIONS").asText());
            }
        }
        node.forEach(child -> collectJvmOptions(child, out));
    }

    /**
     * Docker's .dockerignore matching, enough for these patterns: each is a path glob from the
     * context root (a leading / dropped), a match also covers everything under it, ! re-includes.
     */
    private static boolean ignored(List<String> patterns, String path) {
        boolean ignored = false;
        for (String raw : patterns) {
            boolean negate = raw.startsWith("!");
            String pattern = (negate ? raw.substring(1) : raw).replaceAll("^/+", "").replaceAll("/+$", "");
            // Docker's **/ also matches no directory at all: **/target covers ./target.
            List<PathMatcher> matchers = new ArrayList<>(List.of(FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
            boolean matches = false;
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                for (PathMatcher matcher : matchers) {
                    matches |= matcher.matches(p);
                }
            }
            if (matches) {
                ignored = !negate;
            }
        }
        return ignored;
    }
}
