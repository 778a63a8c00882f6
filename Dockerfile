# Builds the production switchboard.jar (no demo mail server, JUnit or benchmark) and runs it on a JRE.
# Build: docker build -t switchboard .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY errors/pom.xml errors/
COPY parser/pom.xml parser/
COPY telephony/pom.xml telephony/
COPY store/pom.xml store/
COPY gateway/pom.xml gateway/
# the parent lists demo/ as a module; its pom is enough for the reactor, its sources are never built here
COPY demo/pom.xml demo/
# dependencies first, so a source change does not download the world again
RUN mvn -B -ntp -q -pl gateway -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -ntp -q -pl gateway -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/switchboard --create-home switchboard
WORKDIR /var/lib/switchboard
COPY --from=build /src/gateway/target/switchboard.jar /opt/switchboard/switchboard.jar
COPY switchboard.example.yaml /etc/switchboard/switchboard.yaml
USER switchboard
EXPOSE 8080
# the embedded database (when no database.url is set) keeps its files, and its generated password (mode 0600), under
# the working directory; it listens inside the container only (127.0.0.1)
VOLUME ["/var/lib/switchboard"]
# no second JVM for a health check: bash's /dev/tcp asks GET /health (200 up or degraded, 503 down)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/switchboard/switchboard.jar"]
CMD ["run", "--config", "/etc/switchboard/switchboard.yaml"]
