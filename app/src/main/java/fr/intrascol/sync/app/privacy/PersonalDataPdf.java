package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.reports.PdfText;
import fr.intrascol.sync.app.privacy.PersonalDataController.DirectoryEntry;
import fr.intrascol.sync.app.privacy.PersonalDataController.ImportTouched;
import fr.intrascol.sync.app.privacy.PersonalDataController.PersonalDataExport;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.FieldChange;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's data as the school holds it, in French, for an access request (GDPR, article 15): the
 * current values with their French names, the full history (when, who, through what, why, each field from
 * → to), the imports that touched the person, and what the school's IntraScol directory holds. A4, Apache
 * PDFBox with the standard fonts like the credentials sheet and the reports: a character they cannot print
 * loses its accent, or becomes '?'. The document's metadata stay generic: no name shows in a file manager
 * or a print queue. Nothing is logged or kept: the bytes go straight back to the caller.
 */
public final class PersonalDataPdf {

    /** What the document says about the export besides the data: where, by whom, the retention rule. */
    public record Context(String schoolName, String uai, String exportedBy, String retention) {
    }

    static final String TITLE = "Données personnelles détenues";

    private static final float MARGIN = 46;
    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final float HEIGHT = PDRectangle.A4.getHeight();
    private static final float TEXT_WIDTH = WIDTH - 2 * MARGIN;
    private static final float BOTTOM = 50;
    private static final float LABEL_WIDTH = 130;
    private static final float GREY = 0.35f;

    // Fonts are per document: PDFBox font objects cache widths in plain maps (see CredentialsSheetPdf).
    private final PDType1Font regular = new PDType1Font(FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(FontName.HELVETICA_BOLD);
    private final PDType1Font italic = new PDType1Font(FontName.HELVETICA_OBLIQUE);
    private final PDDocument document = new PDDocument();
    private final FrenchText french;
    private PDPageContentStream page;
    private float y;

    private PersonalDataPdf(FrenchText french) {
        this.french = french;
    }

    /** The export as a PDF. */
    public static byte[] render(PersonalDataExport export, Context context, FrenchText french) {
        PersonalDataPdf pdf = new PersonalDataPdf(french);
        try {
            return pdf.write(export, context);
        } catch (IOException e) {
            // everything is in memory: an IOException here is a PDFBox failure, not a disk problem
            throw new UncheckedIOException("Could not render the personal data export", e);
        } finally {
            try {
                pdf.document.close();
            } catch (IOException e) {
                // nothing was written anywhere: nothing to release
            }
        }
    }

    private byte[] write(PersonalDataExport export, Context context) throws IOException {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(TITLE);
        info.setCreator("intrascol-sync");
        newPage();
        AccountView account = export.account();

        paragraph(bold, 18, TITLE, 0);
        y -= 2;
        paragraph(bold, 13, name(account), 0);
        paragraph(regular, 10, "École : " + context.schoolName() + " (UAI " + context.uai() + ")", 0);
        paragraph(regular, 10, "Exporté le " + french.at(export.exportedAt()) + " par " + context.exportedBy(), 0);
        y -= 4;
        grey(true);
        paragraph(italic, 9, "Ce document rassemble tout ce qu’intrascol-sync détient sur cette personne : ses "
                + "données telles qu’elles sont aujourd’hui, l’historique complet de son compte (qui a fait chaque "
                + "changement, quand, par quel moyen et pourquoi), les imports de l’extraction ONDE qui l’ont "
                + "concernée, et ce que contient le serveur IntraScol de l’école. Il répond à une demande d’accès "
                + "(RGPD, article 15). Document confidentiel : à remettre à la famille ou à la personne seulement.", 0);
        if (context.retention() != null) {
            paragraph(italic, 9, context.retention(), 0);
        }
        grey(false);

        heading("Données actuelles");
        for (Map.Entry<String, String> value : values(account).entrySet()) {
            labelled(value.getKey(), value.getValue());
        }

        heading("Historique du compte (" + export.history().size() + " changement"
                + (export.history().size() > 1 ? "s" : "") + ", du plus ancien au plus récent)");
        if (export.history().isEmpty()) {
            paragraph(regular, 10, "Aucun changement enregistré.", 0);
        }
        Map<String, String> fileNames = new LinkedHashMap<>();
        export.imports().forEach(i -> fileNames.put(i.importId(), i.fileName()));
        for (ChangeEntry entry : export.history()) {
            entry(entry, fileNames);
        }

        heading("Imports qui ont concerné cette personne");
        if (export.imports().isEmpty()) {
            paragraph(regular, 10, "Aucun : le compte n’a été ni créé ni modifié par un import.", 0);
        }
        for (ImportTouched touched : export.imports()) {
            room(40);
            paragraph(bold, 10, "« " + touched.fileName() + " » — " + french.importStatus(touched.status()), 0);
            paragraph(regular, 9.5f, "Déposé le " + french.at(touched.uploadedAt()) + " par " + touched.uploadedBy()
                    + (touched.appliedAt() == null ? "" : " ; appliqué le " + french.at(touched.appliedAt())), 12);
            y -= 3;
        }

        DirectoryEntry directory = export.directory();
        heading("Ce que contient le serveur IntraScol de l’école", directory == null ? 30 : 8 * 14 + 14);
        if (directory == null) {
            paragraph(regular, 10, "Rien : l’annuaire de l’école n’a aucune entrée pour cette personne (pas encore "
                    + "envoyée, aucun serveur configuré, ou données effacées).", 0);
        } else {
            labelled(french.field("login"), directory.login());
            labelled(french.field("lastName"), directory.lastName());
            labelled(french.field("usageName"), dash(directory.usageName()));
            labelled(french.field("firstName"), directory.firstName());
            labelled(french.field("classGroup"), dash(directory.classGroup()));
            labelled(french.field("level"), dash(directory.level()));
            labelled(french.field("status"), french.status(directory.status()));
            labelled(french.field("password"), "son empreinte seulement (le mot de passe en clair n’est "
                    + "conservé nulle part)");
        }

        page.close();
        footers(context);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        document.save(bytes);
        return bytes.toByteArray();
    }

    // ---- content -------------------------------------------------------------------------------------

    private static String name(AccountView account) {
        String last = account.usageName() != null && !account.usageName().isBlank()
                ? account.usageName() + " (" + account.lastName() + ")" : account.lastName();
        return (nullToEmpty(account.firstName()) + " " + nullToEmpty(last)).strip();
    }

    /** The current values under their French names, in the account page's order. */
    private Map<String, String> values(AccountView account) {
        boolean erased = "ERASED".equals(account.status()) && AccountView.ERASED.equals(account.lastName());
        Map<String, String> values = new LinkedHashMap<>();
        values.put(french.field("lastName"), account.lastName());
        values.put(french.field("usageName"), dash(account.usageName()));
        values.put(french.field("firstName"), account.firstName());
        values.put(french.field("birthDate"), account.birthDate() != null ? french.date(account.birthDate())
                : erased ? AccountView.ERASED : "non renseignée");
        if ("PUPIL".equals(account.role()) || account.ine() != null) {
            values.put(french.field("ine"), account.ine() != null ? account.ine()
                    : erased ? AccountView.ERASED : "non renseigné");
        }
        values.put(french.field("login"), account.login());
        values.put(french.field("role"), french.role(account.role()));
        values.put(french.field("classGroup"), account.classGroup() != null ? account.classGroup() : "aucune");
        if ("PUPIL".equals(account.role())) {
            values.put(french.field("level"), dash(account.level()));
        }
        values.put(french.field("status"), french.status(account.status()));
        values.put("Numéro du compte", account.accountId());
        return values;
    }

    private void entry(ChangeEntry entry, Map<String, String> fileNames) throws IOException {
        List<String> fields = new ArrayList<>();
        for (FieldChange change : entry.changes()) {
            fields.add(french.field(change.field()) + " : "
                    + (change.from() == null ? "" : french.value(change.field(), change.from()) + " → ")
                    + french.value(change.field(), change.to()));
        }
        room(30 + 12 * Math.min(fields.size(), 4));
        paragraph(bold, 10, french.at(entry.at()) + " — " + french.type(entry.type()), 0);
        String file = entry.importId() == null ? null : fileNames.get(entry.importId());
        paragraph(regular, 9.5f, "Par " + entry.actor() + " · " + french.origin(entry.origin())
                + (file != null ? " (fichier « " + file + " »)" : ""), 12);
        for (String field : fields) {
            paragraph(regular, 9.5f, field, 12);
        }
        if (entry.reason() != null && !entry.reason().isBlank()) {
            paragraph(italic, 9.5f, "Motif : « " + entry.reason() + " »", 12);
        } else if ("MANUAL".equals(entry.origin())) {
            grey(true);
            paragraph(italic, 9.5f, "Aucun motif donné.", 12);
            grey(false);
        }
        y -= 4;
    }

    // ---- layout --------------------------------------------------------------------------------------

    private void heading(String text) throws IOException {
        heading(text, 0);
    }

    /** A section's heading, on the next page unless {@code keep} points of its content fit below it. */
    private void heading(String text, float keep) throws IOException {
        room(50 + keep);
        y -= 10;
        paragraph(bold, 12.5f, text, 0);
        page.setLineWidth(0.6f);
        page.setStrokingColor(0.6f);
        page.moveTo(MARGIN, y);
        page.lineTo(WIDTH - MARGIN, y);
        page.stroke();
        page.setStrokingColor(0f);
        y -= 8;
    }

    /** A label in grey and its value beside it, the value wrapped in its column. */
    private void labelled(String label, String value) throws IOException {
        List<String> lines = wrap(bold, 10, TEXT_WIDTH - LABEL_WIDTH, value == null ? "" : value);
        room(14 * lines.size());
        grey(true);
        show(regular, 10, MARGIN, y, label);
        grey(false);
        for (String line : lines) {
            show(bold, 10, MARGIN + LABEL_WIDTH, y, line);
            y -= 14;
        }
    }

    /** Text wrapped to the page's width, {@code indent} points in, moving down as it goes. */
    private void paragraph(PDType1Font font, float size, String text, float indent) throws IOException {
        for (String line : wrap(font, size, TEXT_WIDTH - indent, text)) {
            room(size + 4);
            show(font, size, MARGIN + indent, y, line);
            y -= size + 4;
        }
    }

    private void show(PDType1Font font, float size, float x, float atY, String text) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, atY - size);
        page.showText(printable(font, text));
        page.endText();
    }

    private void grey(boolean on) throws IOException {
        page.setNonStrokingColor(on ? GREY : 0f);
    }

    private void room(float needed) throws IOException {
        if (y - needed < BOTTOM) {
            page.close();
            newPage();
        }
    }

    private void newPage() throws IOException {
        PDPage next = new PDPage(PDRectangle.A4);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = HEIGHT - MARGIN;
    }

    private void footers(Context context) throws IOException {
        int total = document.getNumberOfPages();
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                page = footer;
                grey(true);
                String left = TITLE + " — " + context.schoolName() + " — document confidentiel";
                String right = "Page " + (i + 1) + " / " + total;
                float rightWidth = width(regular, 8, right);
                List<String> cut = wrap(italic, 8, TEXT_WIDTH - rightWidth - 16, left);
                show(italic, 8, MARGIN, 34, cut.get(0) + (cut.size() > 1 ? "…" : ""));
                show(regular, 8, WIDTH - MARGIN - rightWidth, 34, right);
            }
        }
    }

    /** Word wrap on spaces, and inside a word only when the word alone is too wide. */
    private static List<String> wrap(PDType1Font font, float size, float width, String text) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : printable(font, text).split(" +")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(font, size, candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (width(font, size, word) > width && word.length() > 1) {
                int cut = word.length() - 1;
                while (cut > 1 && width(font, size, word.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            line.append(word);
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static float width(PDType1Font font, float size, String text) throws IOException {
        return font.getStringWidth(printable(font, text)) / 1000 * size;
    }

    static String printable(PDType1Font font, String text) {
        return PdfText.printable(font, text);
    }

    private static String dash(String value) {
        return value == null || value.isBlank() ? FrenchText.NONE : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
