package fr.intrascol.sync.app.reports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.Schools;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A school's year as the report tests read it: a first import (year 1), a second (year 2) rolled back
 * the same day, then two manual edits (a class change and a suspension) of one account.
 */
record ReportScenario(String uai, String year1, String year2, String editedAccount) {

    static ReportScenario on(Api admin, String uai) {
        String year1 = Schools.importFixture(admin, uai, "onde-2026/0170002K.csv").get("importId").asText();
        String year2 = Schools.importFixture(admin, uai, "onde-2027/0170002K.csv").get("importId").asText();
        Api.Response rolledBack = admin.post("/api/imports/" + year2 + "/rollback",
                Map.of("reason", "fichier de la mauvaise année"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        String account = admin.get("/api/schools/" + uai + "/accounts").json().get(0).get("accountId").asText();
        Api.Response moved = admin.patch("/api/accounts/" + account,
                Map.of("classGroup", "CE1 Z", "reason", "erreur de classe"), Map.of());
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        Api.Response suspended = admin.patch("/api/accounts/" + account,
                Map.of("status", "SUSPENDED", "reason", "départ en cours d'année"), Map.of());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        return new ReportScenario(uai, year1, year2, account);
    }

    /** The audit log's entries of an import (every change it made, and its rollback's). */
    static JsonNode audit(Api admin, String uai, String importId) {
        Api.Response page = admin.get("/api/audit?school=" + uai + "&importId=" + importId + "&size=500");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items");
    }

    /** How many of the entries have this origin (and, unless null, this type). */
    static int count(JsonNode entries, String origin, String type) {
        int n = 0;
        for (JsonNode entry : entries) {
            if (origin.equals(entry.get("origin").asText()) && (type == null || type.equals(entry.get("type").asText()))) {
                n++;
            }
        }
        return n;
    }
}
