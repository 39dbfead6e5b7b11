package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PupilRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fingerprint a plan records of its rows: stored, so it must not depend on how values print. */
class RowsFingerprintTest {

    private static final LocalDate BIRTH = LocalDate.of(2018, 4, 12);

    private static PupilRow lea() {
        return new PupilRow(2, new PersonName("DUPONT", null, "Léa"), BIRTH, "F", "123456789AB", Level.CE1,
                new ClassGroup("CE1 Mme COLIN"));
    }

    @Test
    void the_same_rows_give_the_same_fingerprint() {
        assertThat(RowsFingerprint.of(List.of(lea()))).isEqualTo(RowsFingerprint.of(List.of(lea())))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void any_field_changed_gives_another_fingerprint() {
        PupilRow lea = lea();
        String original = RowsFingerprint.of(List.of(lea));
        List<PupilRow> changed = List.of(
                new PupilRow(3, lea.name(), lea.birthDate(), lea.sex(), lea.ine(), lea.level(), lea.classGroup()),
                new PupilRow(2, new PersonName("DUPOND", null, "Léa"), BIRTH, "F", lea.ine(), lea.level(), lea.classGroup()),
                new PupilRow(2, new PersonName("DUPONT", "MARTIN", "Léa"), BIRTH, "F", lea.ine(), lea.level(), lea.classGroup()),
                new PupilRow(2, new PersonName("DUPONT", null, "Lea"), BIRTH, "F", lea.ine(), lea.level(), lea.classGroup()),
                new PupilRow(2, lea.name(), BIRTH.plusDays(1), "F", lea.ine(), lea.level(), lea.classGroup()),
                new PupilRow(2, lea.name(), BIRTH, "M", lea.ine(), lea.level(), lea.classGroup()),
                new PupilRow(2, lea.name(), BIRTH, "F", "123456789AC", lea.level(), lea.classGroup()),
                new PupilRow(2, lea.name(), BIRTH, "F", lea.ine(), Level.CE2, lea.classGroup()),
                new PupilRow(2, lea.name(), BIRTH, "F", lea.ine(), lea.level(), new ClassGroup("CE1 M. ROUX")));
        for (PupilRow row : changed) {
            assertThat(RowsFingerprint.of(List.of(row))).as(row.toString()).isNotEqualTo(original);
        }
        assertThat(RowsFingerprint.of(List.of(lea, lea))).isNotEqualTo(original);
        assertThat(RowsFingerprint.of(List.of())).isNotEqualTo(original);
    }

    @Test
    void rows_that_print_alike_have_different_fingerprints() {
        PupilRow lea = lea();
        // a sex that reads like the next field: both lists print the same text
        List<PupilRow> one = List.of(new PupilRow(2, lea.name(), BIRTH, "F, ine=X", null, Level.CE1, lea.classGroup()));
        List<PupilRow> other = List.of(new PupilRow(2, lea.name(), BIRTH, "F", "X, ine=null", Level.CE1, lea.classGroup()));
        assertThat(one.toString()).isEqualTo(other.toString());
        assertThat(RowsFingerprint.of(one)).isNotEqualTo(RowsFingerprint.of(other));
    }

    @Test
    void an_absent_value_is_not_an_empty_one() {
        PupilRow lea = lea();
        List<PupilRow> absent = List.of(new PupilRow(2, lea.name(), BIRTH, null, null, Level.CE1, lea.classGroup()));
        List<PupilRow> empty = List.of(new PupilRow(2, lea.name(), BIRTH, "", "", Level.CE1, lea.classGroup()));
        assertThat(RowsFingerprint.legacyOf(absent)).isEqualTo(RowsFingerprint.legacyOf(empty)); // what it fixes
        assertThat(RowsFingerprint.of(absent)).isNotEqualTo(RowsFingerprint.of(empty));
    }

    /** The encoding written out by hand: the fingerprint is this, whatever the value types print. */
    @Test
    void the_fingerprint_is_the_sha_256_of_the_documented_encoding() throws Exception {
        PupilRow lea = lea();
        PupilRow unnamed = new PupilRow(7, null, null, null, null, null, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        field(out, "intrascol/rows-fingerprint/2");
        out.writeInt(2);
        for (String value : new String[] {"2", "DUPONT", null, "Léa", "2018-04-12", "F", "123456789AB", "CE1",
                "CE1 Mme COLIN"}) {
            field(out, value);
        }
        field(out, "7");
        for (int i = 0; i < 8; i++) {
            field(out, null);
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        assertThat(RowsFingerprint.of(List.of(lea, unnamed))).isEqualTo(expected);
    }

    @Test
    void a_plan_made_before_the_canonical_encoding_still_matches_its_rows() {
        List<PupilRow> rows = List.of(lea());
        assertThat(RowsFingerprint.matches(RowsFingerprint.of(rows), rows)).isTrue();
        assertThat(RowsFingerprint.matches(RowsFingerprint.legacyOf(rows), rows)).isTrue();
        assertThat(RowsFingerprint.legacyOf(rows)).isNotEqualTo(RowsFingerprint.of(rows));
        List<PupilRow> others = List.of(new PupilRow(3, lea().name(), BIRTH, "F", null, Level.CE1, null));
        assertThat(RowsFingerprint.matches(RowsFingerprint.legacyOf(rows), others)).isFalse();
        assertThat(RowsFingerprint.matches("", rows)).isFalse();
        assertThat(RowsFingerprint.matches(null, rows)).isFalse();
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
