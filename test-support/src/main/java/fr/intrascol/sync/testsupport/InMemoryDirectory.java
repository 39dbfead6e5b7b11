package fr.intrascol.sync.testsupport;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.EnumSet;

/** A school's IntraScol directory for the API and page tests: UnboundID's in-memory server on loopback. */
public final class InMemoryDirectory {

    private InMemoryDirectory() {
    }

    /**
     * A started directory under {@code base} (a {@code dc=…} entry), where {@code cn=admin,<base>} binds
     * with {@code bindPassword}; with {@code authenticationRequired}, anonymous operations are refused,
     * as on a real IntraScol server. Port 0 picks a free one.
     */
    public static InMemoryDirectoryServer start(String base, String bindPassword, int port,
                                                boolean authenticationRequired) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
        config.addAdditionalBindCredentials("cn=admin," + base, bindPassword);
        if (authenticationRequired) {
            config.setAuthenticationRequiredOperationTypes(EnumSet.allOf(OperationType.class));
        }
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", port));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add(new Entry(base, new Attribute("objectClass", "top", "domain"),
                new Attribute("dc", base.substring(3, base.indexOf(',')))));
        server.startListening();
        return server;
    }

    /** A port free now, for a directory that must come back on the same port after being stopped. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
