package dev.panoptes.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantResolverTest {

    @Test
    void withoutAuthenticationAMissingHeaderMeansTheDefaultTenant() {
        TenantResolver resolver = TenantResolver.withDefault(TenantId.of("anonymous"));

        assertThat(resolver.resolve(null)).isEqualTo(TenantId.of("anonymous"));
        assertThat(resolver.resolve("team-a")).isEqualTo(TenantId.of("team-a"));
    }

    @Test
    void withoutAuthenticationAPresentHeaderIsStillValidated() {
        TenantResolver resolver = TenantResolver.withDefault(TenantId.of("anonymous"));

        assertThatThrownBy(() -> resolver.resolve("")).isInstanceOf(InvalidTenantException.class);
        assertThatThrownBy(() -> resolver.resolve("../x")).isInstanceOf(InvalidTenantException.class);
    }

    @Test
    void withAuthenticationTheHeaderIsRequired() {
        TenantResolver resolver = TenantResolver.requiringHeader();

        assertThatThrownBy(() -> resolver.resolve(null))
                .isInstanceOf(InvalidTenantException.class)
                .hasMessageContaining("X-Scope-OrgID");
        assertThat(resolver.resolve("t1")).isEqualTo(TenantId.of("t1"));
    }
}
