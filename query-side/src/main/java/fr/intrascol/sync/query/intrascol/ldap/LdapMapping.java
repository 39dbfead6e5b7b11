package fr.intrascol.sync.query.intrascol.ldap;

/**
 * How accounts become entries of a school's directory. Every field has a default, so a target needs
 * none of them: pupils and staff as {@code inetOrgPerson} under {@code ou=people}, one
 * {@code groupOfNames} per class ({@code cn=classe-<class>}) and per role under {@code ou=groups},
 * suspended accounts moved to {@code ou=disabled} and taken out of every group.
 *
 * @param disabledMode      MOVE: suspended entries live under {@code disabledOu}; ATTRIBUTE: they stay
 *                          under {@code peopleOu} and carry {@code disabledAttribute: disabledValue}
 * @param classGroupPrefix  put before the class name in the class group's cn, so that a class can
 *                          never be mistaken for a role group
 */
public record LdapMapping(String peopleOu, String groupsOu, String disabledOu, DisabledMode disabledMode,
                          String disabledAttribute, String disabledValue, String classGroupPrefix,
                          String pupilsGroup, String teachersGroup, String staffGroup) {

    public enum DisabledMode { MOVE, ATTRIBUTE }

    public static final LdapMapping DEFAULT = new LdapMapping("people", "groups", "disabled", DisabledMode.MOVE,
            "description", "disabled", "classe-", "eleves", "enseignants", "personnels");

    /** This mapping with every missing field taken from {@link #DEFAULT}. */
    public LdapMapping withDefaults() {
        return new LdapMapping(or(peopleOu, DEFAULT.peopleOu), or(groupsOu, DEFAULT.groupsOu),
                or(disabledOu, DEFAULT.disabledOu), disabledMode == null ? DEFAULT.disabledMode : disabledMode,
                or(disabledAttribute, DEFAULT.disabledAttribute), or(disabledValue, DEFAULT.disabledValue),
                classGroupPrefix == null ? DEFAULT.classGroupPrefix : classGroupPrefix,
                or(pupilsGroup, DEFAULT.pupilsGroup), or(teachersGroup, DEFAULT.teachersGroup),
                or(staffGroup, DEFAULT.staffGroup));
    }

    /** The role group's cn for a role name (PUPIL, TEACHER, STAFF). */
    public String roleGroup(String role) {
        return switch (role) {
            case "PUPIL" -> pupilsGroup;
            case "TEACHER" -> teachersGroup;
            default -> staffGroup;
        };
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
