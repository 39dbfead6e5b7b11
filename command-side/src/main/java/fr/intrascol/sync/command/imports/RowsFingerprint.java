package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.message.value.PupilRow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A digest of the rows a plan was made from, over a canonical encoding (each field by name, in a fixed
 * order, separated by control characters no value may hold), so that it does not depend on how a value
 * type prints itself: changing a {@code toString} never makes pending plans unappliable.
 */
public final class RowsFingerprint {

    private RowsFingerprint() {
    }

    public static String of(List<PupilRow> rows) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder row = new StringBuilder(128);
        for (PupilRow r : rows) {
            row.setLength(0);
            row.append(r.line()).append('\u001f')
                    .append(r.name() == null ? "" : r.name().lastName()).append('\u001f')
                    .append(r.name() == null ? "" : Objects.toString(r.name().usageName(), "")).append('\u001f')
                    .append(r.name() == null ? "" : r.name().firstName()).append('\u001f')
                    .append(Objects.toString(r.birthDate(), "")).append('\u001f')
                    .append(Objects.toString(r.sex(), "")).append('\u001f')
                    .append(Objects.toString(r.ine(), "")).append('\u001f')
                    .append(r.level() == null ? "" : r.level().name()).append('\u001f')
                    .append(r.classGroup() == null ? "" : r.classGroup().label()).append('\u001e');
            digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
