package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RangeResultTest {

    private static RangeResult parse(String json) throws IOException {
        return RangeResult.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysSeriesByTheirLabelsWhateverOrderTheServerWroteThemIn() throws IOException {
        RangeResult a = parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"job":"a","instance":"h:1"},"values":[[1700000000.5,"1.5"],[1700000015.5,"2"]]}]}}""");
        RangeResult b = parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"instance":"h:1","job":"a"},"values":[[1700000000.5,"1.5"]]}]}}""");
        assertThat(a.series().keySet()).containsExactly("{instance=\"h:1\", job=\"a\"}");
        assertThat(a.series().keySet()).isEqualTo(b.series().keySet());
        RangeResult.Points points = a.series().get("{instance=\"h:1\", job=\"a\"}");
        assertThat(points.timestamps()).containsExactly(1_700_000_000_500L, 1_700_000_015_500L);
        assertThat(points.values()).containsExactly(1.5, 2.0);
        assertThat(a.pointCount()).isEqualTo(2);
    }

    @Test
    void readsInfinitiesAndNaNAsTheApiWritesThem() {
        assertThat(RangeResult.parseValue("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RangeResult.parseValue("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(RangeResult.parseValue("NaN")).isNaN();
        assertThat(RangeResult.parseValue("1e-3")).isEqualTo(0.001);
    }

    @Test
    void anErrorAnswerFailsWithTheServersMessage() {
        assertThatThrownBy(() -> parse("""
                {"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"""))
                .isInstanceOf(IOException.class).hasMessageContaining("bad_data").hasMessageContaining("1:5: parse error");
    }

    @Test
    void anythingButAMatrixIsRefused() {
        assertThatThrownBy(() -> parse("""
                {"status":"success","data":{"resultType":"vector","result":[]}}"""))
                .isInstanceOf(IOException.class).hasMessageContaining("vector");
    }

    @Test
    void theSameSeriesTwiceIsRefused() {
        assertThatThrownBy(() -> parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"a":"1"},"values":[[1,"1"]]},{"metric":{"a":"1"},"values":[[2,"1"]]}]}}"""))
                .isInstanceOf(IOException.class).hasMessageContaining("twice");
    }
}
