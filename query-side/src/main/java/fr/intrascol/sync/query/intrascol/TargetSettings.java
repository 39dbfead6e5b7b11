package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.query.intrascol.ldap.LdapMapping;

/**
 * Where and how one school's IntraScol server is reached. The bind password is held here in clear
 * only in memory, while connecting; it is stored encrypted ({@link SecretCipher}) and never returned
 * by the API nor written to a log ({@link #toString()} hides it).
 */
public record TargetSettings(Type type, String url, String bindDn, String password, String baseDn, boolean startTls,
                             String caCertificate, String directory, LdapMapping mapping) {

    public enum Type { LDAP, FILE }

    public TargetSettings {
        mapping = mapping == null ? LdapMapping.DEFAULT : mapping.withDefaults();
    }

    @Override
    public String toString() {
        return type == Type.FILE ? "FILE " + directory
                : "LDAP " + url + (startTls ? " (StartTLS)" : "") + " as " + bindDn + " under " + baseDn;
    }
}
