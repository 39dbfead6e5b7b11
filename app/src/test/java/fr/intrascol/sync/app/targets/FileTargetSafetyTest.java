package fr.intrascol.sync.app.targets;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A FILE target writes only into real folders inside its root: never through a symbolic link. */
class FileTargetSafetyTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private Api.Response save(String uai, String directory) {
        return admin().send("PUT", "/api/schools/" + uai + "/target", Map.of("type", "FILE", "directory", directory),
                Map.of());
    }

    private Path stored(String uai) {
        return Path.of(jdbc.sql("SELECT directory FROM school_target WHERE uai = ?").param(uai)
                .query(String.class).single());
    }

    @Test
    void dot_dot_dot_empty_absolute_and_control_character_folders_are_refused() {
        String uai = registerSchool("École des chemins");
        for (String directory : new String[]{".", "..", "./", "a/../b", "a/./b", "/tmp/ailleurs", "a\u0000b",
                "a\nb", " "}) {
            Api.Response response = save(uai, directory);
            assertThat(response.status()).as(directory + ": " + response).isEqualTo(400);
            assertThat(response.json().get("code").asText()).as(directory).startsWith("TARGET_DIRECTORY");
        }
        assertThat(admin().get("/api/schools/" + uai + "/target").status()).isEqualTo(404);
    }

    @Test
    void a_symbolic_link_inside_the_root_is_refused_when_saved_and_never_written_through() throws Exception {
        String uai = registerSchool("École du lien");
        Path outside = Files.createTempDirectory("outside-the-root");

        assertThat(save(uai, "vrai-" + uai).status()).isEqualTo(200);
        Path folder = stored(uai);
        Path root = folder.getParent();
        assertThat(folder).isEqualTo(folder.toRealPath());

        Path link = root.resolve("lien-" + uai);
        Files.createSymbolicLink(link, outside);
        for (String directory : new String[]{"lien-" + uai, "lien-" + uai + "/sous-dossier"}) {
            Api.Response refused = save(uai, directory);
            assertThat(refused.status()).as(directory + ": " + refused).isEqualTo(400);
            assertThat(refused.json().get("code").asText()).isEqualTo("TARGET_DIRECTORY_LINK");
        }
        assertThat(stored(uai)).isEqualTo(folder);

        createPupil(admin(), uai, "AVANT", "Anna", "2019-01-02", "CP");
        Schools.awaitPushed(admin(), uai);
        assertThat(Files.readString(folder.resolve(uai + ".csv"))).contains("AVANT");

        // someone replaces the school's folder by a link to elsewhere: the next push refuses to follow it
        Files.delete(folder.resolve(uai + ".csv"));
        Files.delete(folder);
        Files.createSymbolicLink(folder, outside);
        createPupil(admin(), uai, "APRES", "Paul", "2019-01-03", "CP");
        Eventually.until("the push is refused", Duration.ofSeconds(20), () -> {
            JsonNode status = admin().get("/api/schools/" + uai + "/target/status").json();
            return status.path("lastError").asText("").contains("symbolic link");
        });
        Thread.sleep(500);
        try (var files = Files.list(outside)) {
            assertThat(files.toList()).isEmpty();
        }
        Files.delete(folder);
        Files.delete(link);
        Files.delete(outside);
    }
}
