package dev.panoptes.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigLoaderTest {

    record Listener(String address, Integer port) {
        Listener {
            if (address == null) {
                address = "127.0.0.1";
            }
            if (port == null) {
                port = 9090;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
            }
        }
    }

    record Job(String jobName, Duration scrapeInterval) {
    }

    record Root(Listener listener, List<Job> scrapeConfigs, Duration timeout) {
        Root {
            if (listener == null) {
                listener = new Listener(null, null);
            }
            if (scrapeConfigs == null) {
                scrapeConfigs = List.of();
            }
        }
    }

    private final YamlConfigLoader loader = new YamlConfigLoader();

    @Test
    void mapsSnakeCaseKeysOntoRecords() throws Exception {
        Root root = loader.parse("""
                listener:
                  port: 9999
                scrape_configs:
                  - job_name: node
                    scrape_interval: 1m30s
                timeout: 0
                """, "t.yml", Root.class);

        assertThat(root.listener()).isEqualTo(new Listener("127.0.0.1", 9999));
        assertThat(root.scrapeConfigs()).containsExactly(new Job("node", Duration.ofSeconds(90)));
        assertThat(root.timeout()).isEqualTo(Duration.ZERO);
    }

    @Test
    void emptyDocumentGivesDefaults() throws Exception {
        assertThat(loader.parse("# only a comment\n", "t.yml", Root.class).listener().port()).isEqualTo(9090);
        assertThat(loader.parse("", "t.yml", Root.class).scrapeConfigs()).isEmpty();
    }

    @Test
    void unknownKeyNamesTheKeyItsPathAndLine() {
        assertThatThrownBy(() -> loader.parse("""
                listener:
                  address: 0.0.0.0
                  prot: 80
                """, "panoptes.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("panoptes.yml:3:")
                .hasMessageContaining("unknown key 'prot'")
                .hasMessageContaining("listener.prot")
                .hasMessageContaining("known keys here: address, port")
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.line()).isEqualTo(3);
                    assertThat(c.keyPath()).isEqualTo("listener.prot");
                });
    }

    @Test
    void unknownKeyInsideAListNamesTheIndex() {
        assertThatThrownBy(() -> loader.parse("""
                scrape_configs:
                  - job_name: a
                  - job_name: b
                    scrape_intervall: 5s
                """, "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scrape_configs[1].scrape_intervall")
                .hasMessageStartingWith("p.yml:4:");
    }

    @Test
    void wrongTypeNamesTheKeyAndLine() {
        assertThatThrownBy(() -> loader.parse("""
                listener:
                  port: eighty
                """, "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yml:2:")
                .hasMessageContaining("listener.port");
    }

    @Test
    void invalidDurationSaysWhatIsExpected() {
        assertThatThrownBy(() -> loader.parse("timeout: 15\n", "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> loader.parse("timeout: 15 seconds\n", "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a valid duration");
    }

    @Test
    void valueRejectedByTheRecordCarriesItsMessage() {
        assertThatThrownBy(() -> loader.parse("listener:\n  port: 70000\n", "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port 70000 is out of range")
                .hasMessageContaining("listener");
    }

    @Test
    void duplicateKeyIsAnError() {
        assertThatThrownBy(() -> loader.parse("timeout: 1s\ntimeout: 2s\n", "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yml:2:")
                .hasMessageContaining("key given twice");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> loader.parse("listener:\n  port: 1\n address: x\n", "p.yml", Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yml:3:")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("absent.yml");
        assertThatThrownBy(() -> loader.load(file, Root.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.yml")
                .hasMessageContaining("does not exist");
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.yml");
        Files.writeString(file, "listener:\n  address: 0.0.0.0\n");

        assertThat(loader.load(file, Root.class).listener().address()).isEqualTo("0.0.0.0");
    }
}
