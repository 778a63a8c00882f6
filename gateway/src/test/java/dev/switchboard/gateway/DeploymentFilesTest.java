package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the container files without a Docker engine: docker-compose.yml as YAML (merge keys
 * resolved, as compose does), the Dockerfile's user, health check, entry point and artefact, and .dockerignore.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> GATEWAYS = List.of("switchboard-a", "switchboard-b");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeRunsTheGatewayTwiceOnOneDatabaseWithMailPbxAndOptionalMonitoring() throws Exception {
    Map<String, Object> compose = map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
    Map<String, Object> services = map(compose.get("services"));

    assertThat(services).containsKeys("db", "mail", "pbx", "switchboard-a", "switchboard-b", "prometheus", "grafana");
    for (String name : GATEWAYS) {
      Map<String, Object> gateway = map(services.get(name));
      assertThat(gateway.get("build")).as("%s is built from this repository", name).isEqualTo(".");
      assertThat(gateway.get("volumes")).as("%s config", name)
          .isEqualTo(List.of("./deploy/switchboard.compose.yaml:/etc/switchboard/switchboard.yaml:ro"));
      assertThat(map(gateway.get("depends_on"))).as("%s waits for", name).containsKeys("db", "mail", "pbx");
      assertThat(map(map(gateway.get("depends_on")).get("db"))).containsEntry("condition", "service_healthy");
      // time to finish a batch and release the leases after SIGTERM, instead of docker's 10 s default
      assertThat(gateway.get("stop_grace_period")).as("%s stop_grace_period", name).isEqualTo("30s");
      assertThat(gateway).as("%s runs what the image says: no second process, no override", name)
          .doesNotContainKeys("entrypoint", "command", "profiles");
    }
    assertThat(map(map(services.get("db")).get("healthcheck"))).containsKey("test");
    for (String optional : List.of("prometheus", "grafana")) {
      assertThat(map(services.get(optional)).get("profiles")).as("%s profiles", optional).isEqualTo(List.of("monitoring"));
    }
    for (Map.Entry<String, Object> service : services.entrySet()) {
      for (Object port : (List<Object>) map(service.getValue()).getOrDefault("ports", List.of())) {
        assertThat(port.toString()).as("%s publishes on loopback unless told otherwise", service.getKey())
            .startsWith("${SWITCHBOARD_");
      }
    }
  }

  @Test
  void theImageShipsTheProductionJarAsANonRootUserWithAJvmFreeHealthCheck() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    List<String> lines = dockerfile.lines().filter(l -> !l.startsWith("#")).toList();

    assertThat(lines).contains("USER switchboard");
    assertThat(lines).anyMatch(l -> l.startsWith("RUN mvn ") && l.contains("-pl gateway -am") && l.contains("package"));
    assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=build /src/gateway/target/switchboard.jar "));
    assertThat(dockerfile).doesNotContain("switchboard-demo.jar");
    // exec form: java is PID 1 and gets docker stop's SIGTERM itself
    assertThat(lines).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\""));
    String health = dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"));
    health = health.substring(0, health.indexOf("ENTRYPOINT"));
    assertThat(health).contains("/dev/tcp/127.0.0.1/8080").contains("/health").doesNotContain("java");

    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
    assertThat(ignored).contains("**/target/", ".git/", ".env", ".env.*", "data/");
  }
}
