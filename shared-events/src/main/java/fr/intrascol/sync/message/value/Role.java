package fr.intrascol.sync.message.value;

/** What an account is for: a pupil, a teacher, or another adult of the school. */
public enum Role {
    PUPIL, TEACHER, STAFF
}
