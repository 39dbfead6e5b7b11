package fr.intrascol.sync.command.extraction;

import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pupil extraction as a director downloads it from ONDE or Base Élèves: Windows-1252,
 * ISO-8859-1 (read as Windows-1252, its superset for every printable character) or UTF-8 (with or
 * without BOM), birth dates as dd/MM/yyyy (older exports) or yyyy-MM-dd (current ONDE exports), {@code ;}, {@code ,} or tab separated, columns found by their header
 * whatever their order (a table of aliases covers both exports), unknown columns ignored. Each row is
 * checked; every problem is reported with its line and nothing is guessed. Plain Java: no framework.
 */
public final class ExtractionReader {

    /** The columns an account needs, and the header names that stand for each. */
    enum Column {
        LAST_NAME("Nom élève", true, "nomeleve", "nom", "nomdefamille", "nomdenaissance"),
        USAGE_NAME("Nom d'usage élève", false, "nomdusageeleve", "nomdusage"),
        FIRST_NAME("Prénom élève", true, "prenomeleve", "prenom", "prenom1"),
        BIRTH_DATE("Date naissance", true, "datenaissance", "datedenaissance"),
        SEX("Sexe", false, "sexe"),
        INE("INE", false, "ine", "identifiantnationaleleve"),
        LEVEL("Niveau", true, "niveau"),
        CLASS("Libellé classe", true, "libelleclasse", "classe");

        final String label;
        final boolean required;
        final List<String> aliases;

        Column(String label, boolean required, String... aliases) {
            this.label = label;
            this.required = required;
            this.aliases = List.of(aliases);
        }
    }

    private static final DateTimeFormatter FRENCH_DATE =
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);
    /** Current ONDE exports write the birth date year first. */
    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern ISO_SHAPE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");
    private static final Pattern INE_FORMAT = Pattern.compile("[0-9A-Z]{11}");

    private final Limits limits;

    public ExtractionReader(Limits limits) {
        this.limits = limits;
    }

    /**
     * @param maxBytes largest file accepted
     * @param maxRows  most pupil rows accepted (a school has a few hundred)
     */
    public record Limits(long maxBytes, int maxRows) {
        public static Limits defaults() {
            return new Limits(5L * 1024 * 1024, 5_000);
        }
    }

    public Extraction read(byte[] content) {
        if (content == null || content.length == 0) {
            throw new ExtractionRejectedException("EMPTY_FILE", "The file is empty. Download the extraction again from ONDE"
                    + " (CSV export of the pupil list) and send that file.");
        }
        if (content.length > limits.maxBytes()) {
            throw new ExtractionRejectedException("TOO_LARGE", "The file is " + content.length / 1024 + " KB; at most "
                    + limits.maxBytes() / 1024 + " KB are accepted for one school. Check that it is the"
                    + " extraction of a single school.", content.length / 1024, limits.maxBytes() / 1024);
        }
        rejectBinary(content);
        Decoded decoded = decode(content);
        String text = decoded.text();
        String headerLine = text.lines().filter(l -> !l.isBlank()).findFirst()
                .orElseThrow(() -> new ExtractionRejectedException("NO_TEXT", "The file holds no line of text. Download the"
                        + " extraction again from ONDE and send that file."));
        char separator = separator(headerLine);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(true)
                .setTrim(false).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<CSVRecord> records = parser.getRecords();
            CSVRecord header = records.get(0);
            Map<Column, Integer> columns = columns(header);
            Map<Integer, String> headerNames = headerNames(header);
            Extraction.Format kind = columns.containsKey(Column.INE) ? Extraction.Format.ONDE
                    : Extraction.Format.BASE_ELEVES;
            int[] lineStarts = lineStarts(text);
            List<PupilRow> rows = new ArrayList<>();
            List<RowProblem> problems = new ArrayList<>();
            int dataLines = 0;
            for (CSVRecord record : records.subList(1, records.size())) {
                if (record.stream().allMatch(cell -> cell == null || cell.isBlank())) {
                    continue;
                }
                if (++dataLines > limits.maxRows()) {
                    throw new ExtractionRejectedException("TOO_MANY_ROWS", "The file lists more than " + limits.maxRows()
                            + " pupils; a school's extraction is far smaller. Check that it is the extraction of"
                            + " a single school.", limits.maxRows());
                }
                int line = lineOf(lineStarts, record.getCharacterPosition());
                new RowReader(line, columns, headerNames, problems).read(record).ifPresent(rows::add);
            }
            if (dataLines == 0) {
                throw new ExtractionRejectedException("NO_PUPIL", "The file has a header but no pupil. Download the"
                        + " extraction again from ONDE, with the pupils of the school.");
            }
            new DuplicateCheck(rows, problems).run();
            Set<Integer> faulty = new HashSet<>();
            problems.forEach(p -> faulty.add(p.line()));
            List<PupilRow> clean = rows.stream().filter(r -> !faulty.contains(r.line())).toList();
            List<RowProblem> sorted = problems.stream().sorted(Comparator.comparingInt(RowProblem::line)).toList();
            return new Extraction(kind, decoded.encoding(), separator, dataLines, clean, sorted);
        } catch (IOException | UncheckedIOException e) {
            throw new ExtractionRejectedException("UNREADABLE_CSV", "The file is not a readable CSV extraction ("
                    + csvProblem(e) + "). Export the pupil list from ONDE as CSV and send that file.");
        }
    }

    private static final Pattern CSV_LINE = Pattern.compile("line:? ([0-9][0-9,\\u00a0\\u202f .]*)");

    /**
     * What the CSV parser found wrong, in plain words and with its line: never the parser's own message,
     * which names its classes and internals.
     */
    static String csvProblem(Throwable e) {
        String message = "";
        for (Throwable t = e; t != null && message.isEmpty(); t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("line") || t.getMessage().contains("EOF"))) {
                message = t.getMessage();
            }
        }
        String line = "";
        Matcher matcher = CSV_LINE.matcher(message);
        if (matcher.find()) {
            String digits = matcher.group(1).replaceAll("[^0-9]", "");
            if (!digits.isEmpty()) {
                line = " (line " + Long.parseLong(digits) + ")";
            }
        }
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "an opening quote is never closed" + line;
        }
        if (message.contains("between encapsulated token and delimiter")) {
            return "a closing quote is followed by other characters before the next separator" + line;
        }
        return "its quotes and separators do not form rows and cells" + (line.isEmpty() ? "" : line);
    }

    /** Offsets at which each line starts, to turn a record's character position into its line number. */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** 1 for the header line. */
    private static int lineOf(int[] lineStarts, long position) {
        int index = Arrays.binarySearch(lineStarts, (int) position);
        return (index >= 0 ? index : -index - 2) + 1;
    }

    private static Map<Integer, String> headerNames(CSVRecord header) {
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            names.put(i, header.get(i).strip());
        }
        return names;
    }

    /** Checks one row; every problem goes to the shared list, a clean row comes back. */
    private static final class RowReader {
        private final int line;
        private final Map<Column, Integer> columns;
        private final Map<Integer, String> headerNames;
        private final List<RowProblem> problems;

        RowReader(int line, Map<Column, Integer> columns, Map<Integer, String> headerNames,
                  List<RowProblem> problems) {
            this.line = line;
            this.columns = columns;
            this.headerNames = headerNames;
            this.problems = problems;
        }

    Optional<PupilRow> read(CSVRecord record) {
        Map<Column, String> cell = new EnumMap<>(Column.class);
        columns.forEach((column, index) -> cell.put(column,
                index < record.size() && record.get(index) != null ? record.get(index).strip() : ""));
        int before = problems.size();

        LocalDate birth = date(name(Column.BIRTH_DATE), cell.get(Column.BIRTH_DATE));
        String sex = cell.getOrDefault(Column.SEX, "").toUpperCase(Locale.ROOT);
        if (!sex.isEmpty() && !sex.equals("M") && !sex.equals("F")) {
            problem(name(Column.SEX), "INVALID_SEX",
                    "'" + sex + "' is not a sex: the extraction writes M or F.");
        }
        Level level = level(name(Column.LEVEL), cell.get(Column.LEVEL));
        String ine = cell.getOrDefault(Column.INE, "").toUpperCase(Locale.ROOT);
        if (!ine.isEmpty() && !INE_FORMAT.matcher(ine).matches()) {
            problem(name(Column.INE), "INVALID_INE",
                    "'" + ine + "' is not an INE: 11 letters and digits, e.g. 123456789AB.");
        }
        PersonName name = null;
        try {
            name = new PersonName(cell.get(Column.LAST_NAME), cell.getOrDefault(Column.USAGE_NAME, ""),
                    cell.get(Column.FIRST_NAME));
        } catch (InvalidValueException e) {
            Column column = switch (e.field()) {
                case "usageName" -> Column.USAGE_NAME;
                case "firstName" -> Column.FIRST_NAME;
                default -> Column.LAST_NAME;
            };
            problem(name(column), "INVALID_NAME", e.getMessage());
        }
        ClassGroup classGroup = null;
        try {
            classGroup = ClassGroup.ofNullable(cell.get(Column.CLASS));
        } catch (InvalidValueException e) {
            problem(name(Column.CLASS), "INVALID_CLASS", e.getMessage());
        }
        if (classGroup == null && level != null && problems.size() == before) {
            problem(name(Column.CLASS), "EMPTY_CLASS",
                    "The class is empty: every pupil of the extraction needs a class.");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new PupilRow(line, name, birth, sex.isEmpty() ? null : sex, ine.isEmpty() ? null : ine,
                level, classGroup));
    }

    private LocalDate date(String column, String text) {
        if (text == null || text.isEmpty()) {
            problem(column, "EMPTY_DATE", "The birth date is empty.");
            return null;
        }
        boolean yearFirst = ISO_SHAPE.matcher(text).matches();
        try {
            return LocalDate.parse(text, yearFirst ? ISO_DATE : FRENCH_DATE);
        } catch (DateTimeParseException e) {
            problem(column, "INVALID_DATE", "'" + text + "' is not a date: expected dd/MM/yyyy"
                    + " (e.g. 25/03/2019) or yyyy-MM-dd (e.g. 2019-03-25), and a day that exists in that month.");
            return null;
        }
    }

    private Level level(String column, String text) {
        String value = text == null ? "" : text.toUpperCase(Locale.ROOT).replace(" ", "");
        try {
            return Level.valueOf(value);
        } catch (IllegalArgumentException e) {
            problem(column, value.isEmpty() ? "EMPTY_LEVEL" : "UNKNOWN_LEVEL", value.isEmpty()
                    ? "The level is empty."
                    : "'" + text + "' is not a level: expected TPS, PS, MS, GS, CP, CE1, CE2, CM1 or CM2.");
            return null;
        }
    }

    private void problem(String column, String code, String message) {
        problems.add(new RowProblem(line, column, code, message));
    }

    private String name(Column column) {
        return columnName(columns, headerNames, column);
    }
    }

    private static String columnName(Map<Column, Integer> columns, Map<Integer, String> headerNames, Column column) {
        Integer index = columns.get(column);
        return index == null ? column.label : headerNames.get(index);
    }

    private static Map<Column, Integer> columns(CSVRecord header) {
        Map<Column, Integer> found = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String normalized = LoginPolicy.fold(header.get(i));
            for (Column column : Column.values()) {
                if (column.aliases.contains(normalized) && !found.containsKey(column)) {
                    found.put(column, i);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column column : Column.values()) {
            if (column.required && !found.containsKey(column)) {
                missing.add("«" + column.label + "»");
            }
        }
        if (!missing.isEmpty()) {
            throw new ExtractionRejectedException("MISSING_COLUMNS", "The file has no " + String.join(", ", missing) + " column"
                    + (missing.size() > 1 ? "s" : "") + ". Its first line must be the header of the ONDE (or Base"
                    + " Élèves) extraction; export the pupil list again with all its columns.", String.join(", ", missing));
        }
        return found;
    }

    private static char separator(String headerLine) {
        char best = ';';
        long bestCount = 0;
        for (char candidate : new char[]{';', ',', '\t'}) {
            long count = headerLine.chars().filter(c -> c == candidate).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        if (bestCount == 0) {
            throw new ExtractionRejectedException("NO_SEPARATOR", "The first line has no ; , or tab between columns: this is not a"
                    + " CSV extraction. Export the pupil list from ONDE as CSV and send that file.");
        }
        return best;
    }

    private static void rejectBinary(byte[] content) {
        String kind = null;
        if (startsWith(content, 0x25, 0x50, 0x44, 0x46)) {
            kind = "a PDF document";
        } else if (startsWith(content, 0x50, 0x4B, 0x03, 0x04)) {
            kind = "a spreadsheet or an archive (.xlsx, .ods, .zip)";
        } else if (startsWith(content, 0xD0, 0xCF, 0x11, 0xE0)) {
            kind = "an old Excel or Word document (.xls, .doc)";
        } else {
            int scan = Math.min(content.length, 8192);
            for (int i = 0; i < scan; i++) {
                if (content[i] == 0) {
                    kind = "a binary file";
                    break;
                }
            }
        }
        if (kind != null) {
            throw new ExtractionRejectedException("NOT_CSV", "This file is " + kind + ", not a CSV extraction. In ONDE, export"
                    + " the pupil list as CSV and send that file as it is, without opening and saving it in a"
                    + " spreadsheet.");
        }
    }

    private static boolean startsWith(byte[] content, int... magic) {
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((content[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    record Decoded(String text, String encoding) {
    }

    /** UTF-8 when the bytes are valid UTF-8 (with or without BOM), otherwise Windows-1252. */
    static Decoded decode(byte[] content) {
        if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
            return new Decoded(new String(content, 3, content.length - 3, StandardCharsets.UTF_8), "UTF-8 (BOM)");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            return new Decoded(text, "UTF-8");
        } catch (CharacterCodingException e) {
            return new Decoded(new String(content, Charset.forName("windows-1252")), "Windows-1252");
        }
    }
}
