package fr.intrascol.sync.app.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a handler that answers a safe method (GET) but belongs to a change of the school's data — a form
 * that prepares one, a confirmation, a credentials sheet, a personal-data export — so that
 * {@link SchoolAccessGuard} asks for write access, as it does for every POST, PUT, PATCH and DELETE.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SchoolWrite {
}
