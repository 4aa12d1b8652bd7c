package dev.panoptes.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"anonymous", "team-a", "Team_B.prod", "a!b*c'(d)", "0"})
    void acceptsTheMimirAlphabet(String id) {
        assertThat(TenantId.of(id).value()).isEqualTo(id);
    }

    @Test
    void acceptsTheLongestAllowedId() {
        String longest = "x".repeat(TenantId.MAX_LENGTH);
        assertThat(TenantId.of(longest).value()).isEqualTo(longest);
    }

    @Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> TenantId.of("")).isInstanceOf(InvalidTenantException.class).hasMessage("tenant ID is empty");
    }

    @Test
    void rejectsTooLongNamingTheLength() {
        assertThatThrownBy(() -> TenantId.of("x".repeat(151)))
                .isInstanceOf(InvalidTenantException.class)
                .hasMessageContaining("151 characters")
                .hasMessageContaining("150");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "../etc", "a\\b", "a b", "tenant|other", "é", "a:b"})
    void rejectsCharactersThatAreNotSafeInPathsNamingTheCharacter(String id) {
        assertThatThrownBy(() -> TenantId.of(id))
                .isInstanceOf(InvalidTenantException.class)
                .hasMessageContaining("unsupported character")
                .hasMessageContaining("position");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotDirectories(String id) {
        assertThatThrownBy(() -> TenantId.of(id)).isInstanceOf(InvalidTenantException.class).hasMessageContaining("not allowed");
    }

    @Test
    void controlCharactersAreEscapedInTheMessage() {
        assertThatThrownBy(() -> TenantId.of("a\nb")).hasMessageContaining("\\x0a").hasMessageNotContaining("\n");
    }

    @Test
    void everyValidIdIsASingleDirectoryName() {
        Path base = Path.of("/data/tenants");
        for (String id : new String[] {"a", "..a", "a..", "...", "*", "('!')"}) {
            Path resolved = base.resolve(TenantId.of(id).value()).normalize();
            assertThat(resolved.getParent()).as(id).isEqualTo(base);
        }
    }
}
