package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

import java.time.Instant;

/**
 * One page of a school's accounts, searched and filtered in the read model, now or as they were at
 * {@code asOf} (null: now). Every filter is optional (null: any): {@code search}, words each found in the
 * names or the login, ignoring case and accents; {@code classGroup} exactly; {@code level}, {@code role},
 * {@code status} ignoring case. Accounts closed by a rollback are listed only when {@code status} asks for
 * them (ERASED), and never as they were. Pages count from 1; a page after the last is the last. Answers an
 * {@link AccountPage}, ordered by role, class in school order, then name the French way.
 */
public record FindAccountPage(Uai uai, String search, String classGroup, String level, String role, String status,
                              Instant asOf, int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public FindAccountPage {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
