package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The type detected fields report for a value, in Loki's order of tries. */
class FieldTypeTest {

    @Test
    void triesIntThenFloatThenBooleanThenDurationThenBytes() {
        assertThat(FieldType.of("200")).isEqualTo("int");
        assertThat(FieldType.of("-7")).isEqualTo("int");
        // 1 and 0 are ints before they are booleans.
        assertThat(FieldType.of("1")).isEqualTo("int");
        assertThat(FieldType.of("9223372036854775808")).isEqualTo("float");
        assertThat(FieldType.of("2.5")).isEqualTo("float");
        assertThat(FieldType.of("1e3")).isEqualTo("float");
        assertThat(FieldType.of("NaN")).isEqualTo("float");
        assertThat(FieldType.of("-Inf")).isEqualTo("float");
        assertThat(FieldType.of("1e400")).isEqualTo("string");
        assertThat(FieldType.of("true")).isEqualTo("boolean");
        assertThat(FieldType.of("F")).isEqualTo("boolean");
        assertThat(FieldType.of("yes")).isEqualTo("string");
        assertThat(FieldType.of("15ms")).isEqualTo("duration");
        assertThat(FieldType.of("1h30m")).isEqualTo("duration");
        // m is minutes to a duration before it is megabytes.
        assertThat(FieldType.of("10m")).isEqualTo("duration");
        assertThat(FieldType.of("10 MB")).isEqualTo("bytes");
        assertThat(FieldType.of("5KiB")).isEqualTo("bytes");
        assertThat(FieldType.of("3k")).isEqualTo("bytes");
        assertThat(FieldType.of("1,024")).isEqualTo("bytes");
        assertThat(FieldType.of("10 parsecs")).isEqualTo("string");
        assertThat(FieldType.of("")).isEqualTo("string");
    }
}
