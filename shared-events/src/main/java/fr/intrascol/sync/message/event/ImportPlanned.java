package fr.intrascol.sync.message.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.value.Uai;

import java.util.Map;


/**
 * An extraction was uploaded and planned (who uploaded it is in the metadata). Holds what history needs
 * and no personal data: the file's name and SHA-256, its format and encoding, a fingerprint of the rows
 * read (so that applying can check it is given the same rows), the plan's counts and whether it needs a
 * confirmation. The rows, their problems and the plan's detail are working data of the command side
 * ({@code ImportWorkingSets}), deleted once the plan is applied or discarded. Events stored by earlier
 * versions held the rows and the whole plan instead: the rows are ignored when read, and the counts and
 * the mass-departure flag are taken from that plan ({@link #read}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportPlanned(Uai uai, String importId, String fileName, String sha256, String format,
                            String encoding, String rowsFingerprint, ImportSummary summary, boolean massDeparture,
                            boolean olderFile) implements SchoolEvent {

    /** Reads this version's events and those of earlier versions (with {@code plan}, without counts). */
    @JsonCreator
    static ImportPlanned read(@JsonProperty("uai") Uai uai, @JsonProperty("importId") String importId,
                              @JsonProperty("fileName") String fileName, @JsonProperty("sha256") String sha256,
                              @JsonProperty("format") String format, @JsonProperty("encoding") String encoding,
                              @JsonProperty("rowsFingerprint") String rowsFingerprint,
                              @JsonProperty("summary") ImportSummary summary,
                              @JsonProperty("massDeparture") Boolean massDeparture,
                              @JsonProperty("olderFile") Boolean olderFile,
                              @JsonProperty("plan") Map<String, Object> legacyPlan) {
        ImportSummary counts = summary;
        boolean mass = Boolean.TRUE.equals(massDeparture);
        if (counts == null && legacyPlan != null) {
            mass = Boolean.TRUE.equals(legacyPlan.get("massDeparture"));
            if (legacyPlan.get("summary") instanceof Map<?, ?> legacy) {
                counts = new ImportSummary(count(legacy, "arrivals"), count(legacy, "departures"),
                        count(legacy, "moves"), count(legacy, "renames"), count(legacy, "unchanged"),
                        count(legacy, "warnings"), count(legacy, "errors"));
            }
        }
        return new ImportPlanned(uai, importId, fileName, sha256, format, encoding, rowsFingerprint, counts, mass,
                Boolean.TRUE.equals(olderFile));
    }

    private static int count(Map<?, ?> summary, String key) {
        return summary.get(key) instanceof Number n ? n.intValue() : 0;
    }
}
