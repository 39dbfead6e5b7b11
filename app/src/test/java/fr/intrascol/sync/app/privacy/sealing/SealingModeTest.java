package fr.intrascol.sync.app.privacy.sealing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fr.intrascol.sync.app.privacy.keys.PersonKeys;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PersonalSubject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's switch for its « before encryption » baseline: refused in any other process, and while
 * it is off the module writes exactly the plain JSON it would have sealed.
 */
class SealingModeTest {

    /** A person's record as an event would hold it. */
    record Person(String id, PersonalData data, Login login) implements PersonalSubject {
        @Override
        public String personalSubject() {
            return id;
        }
    }

    /** Seals by flipping bits (no clear text left), counts the seals. */
    static final class FakeKeys implements PersonKeys {
        final AtomicInteger seals = new AtomicInteger();

        @Override
        public byte[] seal(String subject, byte[] plaintext) {
            seals.incrementAndGet();
            return flip(plaintext);
        }

        @Override
        public Optional<byte[]> open(String subject, byte[] sealed) {
            return Optional.of(flip(sealed));
        }

        @Override
        public boolean destroy(String subject) {
            return false;
        }

        @Override
        public boolean isDestroyed(String subject) {
            return false;
        }

        private static byte[] flip(byte[] bytes) {
            byte[] flipped = bytes.clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] ^= (byte) 0x5A;
            }
            return flipped;
        }
    }

    private static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new JavaTimeModule());

    private static final Person PERSON = new Person("3f1c2a9e-0000-4000-8000-000000000001",
            new PersonalData(new PersonName("QWZMARTINMARK", null, "Léa"), LocalDate.of(2019, 3, 14), "123456789AB"),
            new Login("lea.qwzmartinmark"));

    private static ObjectMapper mapper(FakeKeys keys, SealingMode mode) {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .registerModule(new SealedPersonalDataModule(() -> keys, mode::sealing));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"import", "export", "rotate-master-key", "BENCH", " bench"})
    void sealing_cannot_be_turned_off_outside_the_benchmark(String cli) throws Exception {
        SealingMode mode = new SealingMode(cli);
        assertThatThrownBy(mode::turnOffForBenchmark).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be turned off").hasMessageContaining("intrascol.cli=bench");
        assertThat(mode.sealing()).isTrue();

        FakeKeys keys = new FakeKeys();
        String json = mapper(keys, mode).writeValueAsString(PERSON);
        assertThat(json).doesNotContain("QWZMARTINMARK").doesNotContain("123456789AB").contains("\"sealed\"");
        assertThat(keys.seals.get()).isEqualTo(2);
    }

    @Test
    void the_benchmark_writes_its_baseline_in_clear_as_the_plain_json_then_seals_again() throws Exception {
        SealingMode mode = new SealingMode("bench");
        FakeKeys keys = new FakeKeys();
        ObjectMapper mapper = mapper(keys, mode);
        String sealed = mapper.writeValueAsString(PERSON);
        assertThat(sealed).doesNotContain("QWZMARTINMARK");

        mode.turnOffForBenchmark();
        assertThat(mode.sealing()).isFalse();
        String clear = mapper.writeValueAsString(PERSON);
        JsonNode node = mapper.readTree(clear);
        assertThat(node.get("data")).isEqualTo(PLAIN.valueToTree(PERSON.data()));
        assertThat(node.get("login")).isEqualTo(PLAIN.valueToTree(PERSON.login()));
        assertThat(keys.seals.get()).as("no seal while off").isEqualTo(2);
        assertThat(mapper.readValue(clear, Person.class)).as("read back as clear values").isEqualTo(PERSON);
        assertThat(mapper.readValue(sealed, Person.class)).isEqualTo(PERSON);

        mode.turnOn();
        assertThat(mapper.writeValueAsString(PERSON)).doesNotContain("QWZMARTINMARK").contains("\"sealed\"");
    }

    @Test
    void even_with_sealing_off_an_erased_value_stays_a_placeholder_and_a_value_outside_a_person_is_refused() {
        SealingMode mode = new SealingMode("bench");
        mode.turnOffForBenchmark();
        ObjectMapper mapper = mapper(new FakeKeys(), mode);
        Person erased = new Person(PERSON.id(), PersonalData.ERASED, Login.ERASED);
        assertThat(mapper.valueToTree(erased).toString()).contains("{\"erased\":true}").doesNotContain("effacé");
        assertThatThrownBy(() -> mapper.writeValueAsString(PERSON.data())).hasMessageContaining("outside any person");
    }
}
