# syntax=docker/dockerfile:1
# memstream: multi-stage build of the production app (module app/, no laptop stack), run as a non-root user.
#   docker build -t memstream:0.1.0-SNAPSHOT .
# The build stage uses the project's Maven wrapper (pinned Maven) on a JDK 17; the runtime stage is a JRE only.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY schemas/ schemas/
COPY llm-sim/ llm-sim/
COPY app/ app/
# Maven reads every module of the parent POM; the laptop modules are not built, their POMs are enough.
COPY connectors/pom.xml connectors/pom.xml
COPY streams-app/pom.xml streams-app/pom.xml
# The Maven repository is a build cache (BuildKit), so a source change does not download the dependencies again.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl app -am package -DskipTests

FROM eclipse-temurin:17-jre
# A fixed uid/gid, so that the Helm chart's securityContext (runAsUser/fsGroup 10001) matches the image.
RUN groupadd --system --gid 10001 memstream \
 && useradd --system --uid 10001 --gid memstream --home-dir /var/lib/memstream --shell /usr/sbin/nologin memstream \
 && mkdir -p /var/lib/memstream/state \
 && chown -R memstream:memstream /var/lib/memstream
COPY --from=build /src/app/target/memstream-app.jar /opt/memstream/memstream-app.jar
USER 10001:10001
WORKDIR /var/lib/memstream
# State stores (RocksDB) live here: mount a volume so that a restart does not restore them from the changelogs.
ENV MEMSTREAM_STATE_DIR=/var/lib/memstream/state \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/memstream"]
# /metrics and /health/* (ops.port).
EXPOSE 8080
# Readiness without curl in the image: bash's /dev/tcp, one GET of /health/ready.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/memstream/memstream-app.jar"]
CMD ["run"]
