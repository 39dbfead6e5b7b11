package fr.intrascol.sync.message.query;

import java.util.List;

/**
 * A page of a school's accounts ({@link FindAccountPage}): its {@code items}, how many accounts match the
 * search and filters ({@code found}) among the school's ({@code total}), the page shown (clamped to the last)
 * out of {@code pages}, and the school's classes in school order (for the class filter).
 */
public record AccountPage(List<AccountView> items, int found, int total, int page, int pages, List<String> classes) {
}
