package io.reelpipe.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredValueTests {

    @Test
    void aValueAndItsFreshnessSurviveTheRoundTrip() {
        StoredValue decoded = StoredValue.decode(new StoredValue("page".getBytes(UTF_8), 1_234_567L).encode());

        assertThat(decoded.payload()).asString(UTF_8).isEqualTo("page");
        assertThat(decoded.freshUntil()).isEqualTo(1_234_567L);
    }

    @Test
    void anAbsenceIsNotAnEmptyValue() {
        assertThat(StoredValue.decode(new StoredValue(null, 5).encode()).payload()).isNull();
        assertThat(StoredValue.decode(new StoredValue(new byte[0], 5).encode()).payload()).isEmpty();
    }

    @Test
    void bytesInAnotherFormatAreNoValue() {
        assertThat(StoredValue.decode(null)).isNull();
        assertThat(StoredValue.decode("plain".getBytes(UTF_8))).isNull();
        assertThat(StoredValue.decode(new byte[] {1, 0})).isNull();
    }
}
