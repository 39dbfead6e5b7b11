package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.IntrascolSyncApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar intrascol-sync.jar import ...}: a folder of extractions, planned then applied. */
@ExtendWith(OutputCaptureExtension.class)
class ImportCliTest {

    @Test
    void a_folder_of_extractions_is_planned_then_applied_with_a_summary_table(CapturedOutput output) throws Exception {
        Path work = Path.of("target", "cli-" + UUID.randomUUID());
        Path folder = Files.createDirectories(work.resolve("extractions"));
        for (String uai : new String[]{"0170001J", "0170002K"}) {
            Files.write(folder.resolve(uai + ".csv"), ImportsApiTest.fixture("onde-2026/" + uai + ".csv"));
        }
        Files.write(folder.resolve("0170005N.csv"), ImportsApiTest.fixture("bad/bad-values.csv"));
        String dataDir = "--intrascol.data-dir=" + work.resolve("data");
        String durable = "--intrascol.embedded.durable=false";

        int planOnly = IntrascolSyncApplication.runImport("import", "--register-missing", folder.toString(), dataDir,
                durable);
        assertThat(planOnly).as("nothing applied, and one file has problems").isEqualTo(0);
        assertThat(output.getOut()).contains("3/3").contains("3 file(s): 0 applied, 3 planned");

        int applied = IntrascolSyncApplication.runImport("import", "--apply", "--parallel", "3", "--credentials-dir",
                work.resolve("credentials").toString(), folder.toString(), dataDir, durable);
        assertThat(applied).as("the bad file is not applied: exit code 1").isEqualTo(1);
        assertThat(output.getOut()).contains("3 file(s): 2 applied, 0 planned, 1 not applied")
                .contains("problems on lines [2, 3, 4, 5]");
        String table = output.getOut().substring(output.getOut().lastIndexOf("UAI "));
        assertThat(table.indexOf("\n0170001J ")).as("three schools at once, reported in file order")
                .isPositive().isLessThan(table.indexOf("\n0170002K ")).isLessThan(table.indexOf("\n0170005N "));
        assertThat(table.indexOf("\n0170002K ")).isLessThan(table.indexOf("\n0170005N "));
        try (var pdfs = Files.list(work.resolve("credentials"))) {
            assertThat(pdfs.map(p -> p.getFileName().toString()))
                    .hasSize(2).allMatch(name -> name.startsWith("identifiants-0170001J")
                            || name.startsWith("identifiants-0170002K"));
        }

        int again = IntrascolSyncApplication.runImport("import", "--apply", "--school", "0170001J",
                folder.resolve("0170001J.csv").toString(), dataDir, durable);
        assertThat(again).isEqualTo(0);
        assertThat(output.getOut()).contains("1 file(s): 1 applied").contains("0 arrivals, 0 departures");
    }
}
