package fr.intrascol.sync.app.reports;

import org.apache.pdfbox.pdmodel.font.PDType1Font;

import java.io.IOException;
import java.text.Normalizer;

/** Text a PDF's standard font can show: the one rule of every PDF this application writes but the sheets. */
public final class PdfText {

    private PdfText() {
    }

    /**
     * What the font cannot encode loses its accent, or becomes '?'; the arrow becomes "->"; control
     * characters and other spaces become plain spaces.
     */
    public static String printable(PDType1Font font, String text) {
        StringBuilder out = new StringBuilder();
        for (int cp : (text == null ? "" : text).codePoints().toArray()) {
            String c;
            if (cp == '→') {
                c = "->";
            } else if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                c = " ";
            } else {
                c = new String(Character.toChars(cp));
                if (!encodable(font, c)) {
                    String base = Normalizer.normalize(c, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                    c = !base.isEmpty() && encodable(font, base) ? base : "?";
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean encodable(PDType1Font font, String c) {
        try {
            font.encode(c);
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
