package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.reports.PdfText;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A teacher's class list: an A4 PDF, one class per page (a page more per {@value #ROWS_PER_PAGE} pupils), each
 * pupil as « NOM Prénom » with their login, in the order given (the French way, by {@link ClassLists}). No
 * password: the list can stay on a desk. The standard fonts, with {@link PdfText}'s fallback for letters they
 * cannot show.
 */
final class ClassListPdf {

    /** One class's pupils: « NOM Prénom » and login, in order. */
    record ClassList(String classGroup, List<Pupil> pupils) {
    }

    record Pupil(String name, String login) {
    }

    /** One page: a class's {@code sheet}-th page of {@code sheets}. */
    private record Sheet(ClassList list, int sheet, int sheets) {
    }

    static final int ROWS_PER_PAGE = 32;

    private static final PDRectangle A4 = PDRectangle.A4;
    private static final float MARGIN = 46;
    private static final float ROW = 20;
    private static final float LOGIN_COLUMN = 300;
    private static final float GREY = 0.35f;

    private ClassListPdf() {
    }

    static byte[] render(String schoolName, String uai, String day, List<ClassList> classes) {
        // fonts per document: PDFBox font objects cache widths in plain maps (see CredentialsSheetPdf)
        PDType1Font regular = new PDType1Font(FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(FontName.HELVETICA_BOLD);
        PDType1Font mono = new PDType1Font(FontName.COURIER);
        try (PDDocument document = new PDDocument()) {
            document.getDocumentInformation().setTitle("Listes de classe");
            document.getDocumentInformation().setCreator("intrascol-sync");
            List<Sheet> pages = new ArrayList<>();
            for (ClassList list : classes) {
                int count = Math.max(1, (list.pupils().size() + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE);
                for (int i = 0; i < count; i++) {
                    pages.add(new Sheet(list, i, count));
                }
            }
            int number = 0;
            for (Sheet page : pages) {
                ClassList list = page.list();
                int sheet = page.sheet();
                int sheets = page.sheets();
                PDPage pdf = new PDPage(A4);
                document.addPage(pdf);
                try (PDPageContentStream out = new PDPageContentStream(document, pdf)) {
                    float top = A4.getHeight() - MARGIN;
                    text(out, bold, 17, MARGIN, top - 15, "Liste de la classe — " + list.classGroup());
                    text(out, regular, 10, MARGIN, top - 32, schoolName + (uai == null ? "" : "  —  UAI " + uai));
                    int size = list.pupils().size();
                    text(out, regular, 10, MARGIN, top - 46, size + (size > 1 ? " élèves" : " élève")
                            + (sheets > 1 ? " — feuille " + (sheet + 1) + "/" + sheets : "") + " — liste du " + day);
                    float y = top - 76;
                    text(out, bold, 11, MARGIN, y, "Élève");
                    text(out, bold, 11, MARGIN + LOGIN_COLUMN, y, "Identifiant");
                    out.setLineWidth(0.6f);
                    out.moveTo(MARGIN, y - 6);
                    out.lineTo(A4.getWidth() - MARGIN, y - 6);
                    out.stroke();
                    List<Pupil> rows = list.pupils().subList(sheet * ROWS_PER_PAGE,
                            Math.min(size, (sheet + 1) * ROWS_PER_PAGE));
                    if (rows.isEmpty()) {
                        text(out, regular, 11, MARGIN, y - ROW - 4, "Aucun élève dont le compte est actif.");
                    }
                    for (Pupil pupil : rows) {
                        y -= ROW;
                        text(out, regular, 11, MARGIN, y - 4, fit(regular, 11, LOGIN_COLUMN - 12, pupil.name()));
                        text(out, mono, 11, MARGIN + LOGIN_COLUMN, y - 4, pupil.login());
                    }
                    out.setNonStrokingColor(GREY);
                    text(out, regular, 8, MARGIN, 26, "Identifiants de connexion au serveur IntraScol de l'école."
                            + " Les mots de passe ne figurent pas sur cette liste.");
                    String footer = "Page " + (++number) + " / " + pages.size();
                    text(out, regular, 9, A4.getWidth() - MARGIN - width(regular, 9, footer), 26, footer);
                    out.setNonStrokingColor(0f);
                }
            }
            if (pages.isEmpty()) {
                PDPage pdf = new PDPage(A4);
                document.addPage(pdf);
                try (PDPageContentStream out = new PDPageContentStream(document, pdf)) {
                    text(out, bold, 17, MARGIN, A4.getHeight() - MARGIN - 15, "Listes de classe");
                    text(out, regular, 11, MARGIN, A4.getHeight() - MARGIN - 40, "Aucune classe à imprimer.");
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render the class list", e);
        }
    }

    private static void text(PDPageContentStream out, PDType1Font font, float size, float x, float y, String text)
            throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(PdfText.printable(font, text));
        out.endText();
    }

    /** The text cut with an ellipsis to fit {@code width}. */
    private static String fit(PDType1Font font, float size, float width, String text) throws IOException {
        String printable = PdfText.printable(font, text);
        if (width(font, size, printable) <= width) {
            return printable;
        }
        while (!printable.isEmpty() && width(font, size, printable + "...") > width) {
            printable = printable.substring(0, printable.length() - 1);
        }
        return printable.stripTrailing() + "...";
    }

    private static float width(PDType1Font font, float size, String text) throws IOException {
        return font.getStringWidth(PdfText.printable(font, text)) / 1000 * size;
    }
}
