package fr.intrascol.sync.app.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.testsupport.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A school's import pushed as one batch to a server that stops answering in the middle of it: the school's
 * events wait in the dead-letter queue, and once the server answers again the retry completes the directory
 * (the entries written before the failure are found and kept) with nothing lost and nothing twice.
 */
class BatchedPushFailureTest extends IntegrationTest {

    private static final String BASE = "dc=batch,dc=test";
    private static final int PUPILS = 30;
    private InMemoryDirectoryServer server;

    /** Refuses, as a server going down would, the adds of people past the first {@code allowed}. */
    private static final class Outage extends InMemoryOperationInterceptor {
        final AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);

        @Override
        public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
            if (request.getRequest().getDN().contains("ou=people") && allowed.getAndDecrement() <= 0) {
                throw new LDAPException(ResultCode.UNAVAILABLE, "the server stops answering");
            }
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.shutDown(true);
        }
    }

    private JsonNode status(String uai) {
        return admin().get("/api/schools/" + uai + "/target/status").json();
    }

    private int people() throws LDAPException {
        return server.search("ou=people," + BASE, SearchScope.ONE, "(uid=*)").getEntryCount();
    }

    @Test
    void a_server_failing_in_the_middle_of_a_schools_batch_loses_nothing_and_the_retry_completes_it()
            throws Exception {
        Outage outage = new Outage();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("cn=admin," + BASE, "bind-secret-4711");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.addInMemoryOperationInterceptor(outage);
        server = new InMemoryDirectoryServer(config);
        server.add(new Entry(BASE, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "batch")));
        server.startListening();

        String uai = registerSchool("École du lot");
        Map<String, Object> target = new HashMap<>();
        target.put("type", "LDAP");
        target.put("url", "ldap://127.0.0.1:" + server.getListenPort());
        target.put("bindDn", "cn=admin," + BASE);
        target.put("password", "bind-secret-4711");
        target.put("baseDn", BASE);
        Api.Response saved = admin().send("PUT", "/api/schools/" + uai + "/target", target, Map.of());
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

        outage.allowed.set(12);
        String[] rows = new String[PUPILS];
        for (int i = 0; i < PUPILS; i++) {
            rows[i] = "LOT" + (char) ('A' + i / 26) + (char) ('A' + i % 26) + ";;Élève;01/02/2019;F;"
                    + (500000000 + i) + "LT;CP;CP " + (i % 2 == 0 ? "A" : "B");
        }
        importPupils(uai, rows);

        Eventually.until("the school's events in the dead-letter queue", Duration.ofSeconds(30),
                () -> status(uai).get("deadLetters").asLong() >= 1);
        JsonNode down = status(uai);
        assertThat(down.get("lastError").asText()).contains("cannot be reached");
        assertThat(down.get("lag").asLong()).as("nothing of the failed batch counts as handled").isPositive();
        assertThat(people()).as("the entries written before the failure").isEqualTo(12);

        outage.allowed.set(Integer.MAX_VALUE);
        Api.Response retry = admin().post("/api/schools/" + uai + "/target/dead-letters/retry", Map.of());
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        Eventually.until("every letter pushed", Duration.ofSeconds(60), () -> {
            JsonNode now = status(uai);
            return now.get("deadLetters").asLong() == 0 && now.get("lag").asLong() == 0;
        });
        assertThat(people()).isEqualTo(PUPILS);
        Entry classA = server.getEntry("cn=classe-CP A,ou=groups," + BASE);
        Entry pupils = server.getEntry("cn=eleves,ou=groups," + BASE);
        assertThat(classA.getAttributeValues("member")).hasSize(PUPILS / 2);
        assertThat(pupils.getAttributeValues("member")).hasSize(PUPILS);
        assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean()).isTrue();
    }
}
