package fr.intrascol.sync.app.users;

/** What a user of the application may do. */
public enum UserRole {
    /** The département's ICT staff: everything, every school, and managing users. */
    ADMIN,
    /** A school director: reads and changes the accounts of their own schools. */
    DIRECTOR,
    /** An inspector (IEN): reads the history of their schools, changes nothing. */
    INSPECTOR
}
