# Surge: one image for every role (ROLE=ingress | processor | all), configured by environment
# variables only (README.md, "Configuration").
#
#   docker build -t surge .
#   docker run --rm -p 8080:8080 surge                       # role all on its own embedded broker
#   docker run --rm surge keys create --scopes ingest,read   # any other surge.jar command
#
# Plain Dockerfile syntax, no BuildKit-only features: docker-compose 1.29 (Debian 12) builds
# with the classic builder.
#
# Base images by tag, not yet by digest: the digest has to be read from the registry the build
# pulls from, and this repository was written where none was reachable. Pin both FROM lines once,
# where the registry is reachable, and let a bot (Dependabot's docker ecosystem, Renovate) move them:
#   docker buildx imagetools inspect eclipse-temurin:21-jre --format '{{json .Manifest.Digest}}'
#   FROM eclipse-temurin:21-jre@sha256:<that digest>

# ---- build ---------------------------------------------------------------------------------
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src

# Maven itself, fetched by the wrapper: this layer changes only with .mvn/wrapper.
COPY mvnw ./
COPY .mvn/ .mvn/
RUN ./mvnw -B --version

# Every dependency and plugin of the real build, fetched from the poms alone: a package of
# modules with no sources yet. This layer is rebuilt only when a pom changes, not on each code
# change. tests/pom.xml is here because the parent lists the module, though it is not built.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY http/pom.xml http/
COPY topology/pom.xml topology/
COPY interactive-queries/pom.xml interactive-queries/
COPY ingress/pom.xml ingress/
COPY ops/pom.xml ops/
COPY ops/node/pom.xml ops/node/
COPY ops/local/pom.xml ops/local/
COPY ops/tools/pom.xml ops/tools/
COPY tests/pom.xml tests/
RUN ./mvnw -B -q -DskipTests -pl ops/tools -am package \
 && rm -rf schemas/target http/target topology/target interactive-queries/target ingress/target \
           ops/node/target ops/local/target ops/tools/target

COPY schemas/src schemas/src
COPY http/src http/src
COPY topology/src topology/src
COPY interactive-queries/src interactive-queries/src
COPY ingress/src ingress/src
COPY ops/node/src ops/node/src
COPY ops/local/src ops/local/src
COPY ops/tools/src ops/tools/src
RUN ./mvnw -B -q -DskipTests -pl ops/tools -am package

# Surge's own jars apart from the third-party ones, so that a code change leaves the (large)
# third-party layer of the runtime image untouched.
RUN mkdir -p /out/surge-lib \
 && mv ops/tools/target/lib/surge-*.jar /out/surge-lib/ \
 && mv ops/tools/target/lib /out/lib \
 && mv ops/tools/target/surge.jar /out/surge.jar

# ---- runtime -------------------------------------------------------------------------------
# glibc-based on purpose: RocksDB's JNI library does not load on musl (Alpine).
#
# The embedded broker (kafka_2.13, kafka-server, Scala, log4j-core: about 17 MB of the 132 MB of
# jars, RocksDB alone is 70 MB) stays in the image: `docker run surge` without
# KAFKA_BOOTSTRAP_SERVERS runs role all on it. A node given a cluster never loads those classes.
FROM eclipse-temurin:21-jre

# A fixed uid/gid, so that volume ownership and Kubernetes' runAsUser/fsGroup can name it.
RUN groupadd --system --gid 10001 surge \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin surge \
 && mkdir -p /var/lib/surge \
 && chown 10001:10001 /var/lib/surge

WORKDIR /app
# Root-owned and read-only for the process: the only place it writes is /var/lib/surge (and /tmp,
# where RocksDB unpacks its native library).
COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/surge-lib/ /app/lib/
COPY --from=build /out/surge.jar /app/surge.jar

# Streams state and, for role all without KAFKA_BOOTSTRAP_SERVERS, the embedded broker's log
# live under one mount point; subdirectories keep them apart (and away from a volume's lost+found).
# The JVM flags sit in JDK_JAVA_OPTIONS rather than in the entrypoint so a deployment can replace
# them (say, a lower heap share on processors, whose RocksDB memory is off-heap).
# --sun-misc-unsafe-memory-access=allow is left out: JDK 21 refuses it as unknown.
ENV STATE_DIR=/var/lib/surge/streams \
    EMBEDDED_KAFKA_DATA_DIR=/var/lib/surge/kafka \
    HTTP_PORT=8080 \
    HTTP_HOST=0.0.0.0 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"

USER 10001:10001
# MANAGEMENT_PORT (/metrics, detailed /health) is left unexposed on purpose: `docker run -P` must
# not publish it. Compose and Kubernetes set it and reach it over their own network.
EXPOSE 8080

# curl comes with the Temurin base image. Liveness only: readiness depends on Kafka, and an
# instance waiting for the broker is not broken. Compose and Kubernetes bring their own probes.
# With HTTP_TLS_CERT set the port speaks HTTPS only; -k because the certificate names the
# instance's advertised host, not 127.0.0.1 (this asks the process it runs beside, nothing more).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD if [ -n "$HTTP_TLS_CERT" ]; then scheme=https; else scheme=http; fi; \
      curl -fsSk -o /dev/null "$scheme://127.0.0.1:${HTTP_PORT}/health/live" || exit 1

# Exec form: java is PID 1 and receives SIGTERM itself, which starts Surge's graceful drain.
ENTRYPOINT ["java", "-jar", "/app/surge.jar"]
CMD ["run"]
