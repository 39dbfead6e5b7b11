package fr.intrascol.sync.testsupport;

import fr.intrascol.sync.message.value.Folding;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.Uai;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic pupil extractions, shaped like the files a director downloads from ONDE or Base Élèves
 * 1er degré (see {@code test-fixtures/be1d/README.md}), for tests and benchmarks. Nothing in them is
 * real: names are drawn from common French first names and surnames (on purpose full of accents,
 * hyphens, apostrophes and particles), birth dates, INEs and addresses are random.
 *
 * <p>Deterministic: the same seed and the same calls give the same pupils and the same bytes
 * ({@link Random} is specified to the bit). A generator keeps its own random stream, so
 * {@code firstYear} then {@code nextYear} on one instance is one reproducible story.
 *
 * <pre>{@code
 * ExtractionGenerator generator = new ExtractionGenerator(17);
 * List<GeneratedPupil> y2026 = generator.firstYear(150, 2026);
 * List<GeneratedPupil> y2027 = generator.nextYear(y2026, 2027);
 * byte[] file = ExtractionGenerator.write(y2027, Style.ONDE, Encoding.WINDOWS_1252);
 * }</pre>
 *
 * <p>From the command line, a whole département, one {@code <UAI>.csv} per school (see {@link #main}).
 */
public final class ExtractionGenerator {

    /** Which export the file imitates. */
    public enum Style {
        /** ONDE (2017 on): 22 columns, with the INE; class labels like {@code "CP-CE1 Mme COLIN"}. */
        ONDE,
        /** Base Élèves 1er degré (before 2017): 20 columns, no INE; labels like {@code "01 COURS PREPARATOIRE"}. */
        BASE_ELEVES
    }

    /** How the file is encoded: as exported, or re-saved as UTF-8 by a spreadsheet (with a byte-order mark). */
    public enum Encoding {
        WINDOWS_1252, UTF_8_BOM
    }

    /** A class of one school year: its number in the school, the levels it mixes, its teacher, its ONDE id. */
    public record SchoolClass(int number, List<Level> levels, String teacher, String id) {

        public SchoolClass {
            levels = List.copyOf(levels);
        }

        /** The label the extraction writes for this class in the given style. */
        public String label(Style style) {
            if (style == Style.ONDE) {
                return String.join("-", levels.stream().map(Level::name).toList()) + " " + teacher;
            }
            return String.format(Locale.ROOT, "%02d %s", number,
                    String.join("-", levels.stream().map(LEVEL_WORDS::get).toList()));
        }
    }

    /**
     * How often things happen, as shares: pupils who move away in a year, are held back, get their
     * first name corrected or their usage name changed, arrive in another level than PS; twins and
     * homonyms in a first year (each at least one pair from 3 pupils on).
     * {@link #REALISTIC} is what a school sees; {@link #TURBULENT} makes the rare cases common, to stress
     * an importer.
     */
    public record Rates(double moveAway, double heldBack, double firstNameCorrection, double usageNameChange,
                        double otherArrivals, double twins, double homonyms) {

        public static final Rates REALISTIC = new Rates(0.03, 0.04, 0.01, 0.005, 0.03, 0.02, 0.02);
        public static final Rates TURBULENT = new Rates(0.25, 0.10, 0.25, 0.10, 0.20, 0.15, 0.15);

        public Rates {
            for (double share : new double[]{moveAway, heldBack, firstNameCorrection, usageNameChange, otherArrivals}) {
                if (share < 0 || share > 1) {
                    throw new IllegalArgumentException("A rate is a share between 0 and 1, not " + share + ".");
                }
            }
            if (twins < 0 || homonyms < 0 || twins + homonyms > 0.5) {
                throw new IllegalArgumentException("Twins and homonyms are at most half of a school.");
            }
        }
    }

    /** An address of the pupil's family: in the files, never in an account. */
    public record Home(String street, String postcode, String town) {
    }

    /**
     * One generated pupil. {@code id} is the generator's identity of the child: it never changes,
     * whatever the register does to the names, so tests can tell who is who without trusting names.
     * {@code usageName} and {@code ine} may be null; {@code schoolClass} is set by
     * {@link #firstYear}/{@link #nextYear}.
     */
    public record GeneratedPupil(int id, String lastName, String usageName, String firstName, LocalDate birthDate,
                                 String sex, String ine, Level level, SchoolClass schoolClass, Home home,
                                 Home secondHome, boolean associationConsent, boolean photoConsent) {

        /** The names as the reader gives them back. */
        public PersonName name() {
            return new PersonName(lastName, usageName, firstName);
        }

        GeneratedPupil withLevel(Level newLevel) {
            return new GeneratedPupil(id, lastName, usageName, firstName, birthDate, sex, ine, newLevel, null, home,
                    secondHome, associationConsent, photoConsent);
        }

        GeneratedPupil withClass(SchoolClass newClass) {
            return new GeneratedPupil(id, lastName, usageName, firstName, birthDate, sex, ine, level, newClass, home,
                    secondHome, associationConsent, photoConsent);
        }

        GeneratedPupil withNames(String newUsageName, String newFirstName) {
            return new GeneratedPupil(id, lastName, newUsageName, newFirstName, birthDate, sex, ine, level, schoolClass,
                    home, secondHome, associationConsent, photoConsent);
        }

        GeneratedPupil withIne(String newIne) {
            return new GeneratedPupil(id, lastName, usageName, firstName, birthDate, sex, newIne, level, schoolClass,
                    home, secondHome, associationConsent, photoConsent);
        }
    }

    // ---- what the files are made of (common names only: no real person) ----

    private static final List<String> GIRLS = List.of("Emma", "Jade", "Louise", "Alice", "Chloé", "Léna", "Inès",
            "Zoé", "Anaïs", "Maëlle", "Éléonore", "Héloïse", "Clémence", "Maïwenn", "Noémie", "Océane", "Gaëlle",
            "Rose", "Salomé", "Justine", "Marie-Lou", "Anne-Laure", "Lou-Ann", "Aminata", "Fatima", "Yasmina",
            "Ophélie", "Bérénice", "Aurélie", "Mélissa", "Céleste", "Joséphine", "Zélie", "Annabelle", "Nolwenn");
    private static final List<String> BOYS = List.of("Gabriel", "Louis", "Arthur", "Jules", "Hugo", "Lucas",
            "Léon", "Raphaël", "Noah", "Adam", "Timéo", "Nathan", "Éthan", "Maxence", "Gaétan", "Loïc", "Joël",
            "Jérémy", "Mattéo", "Benoît", "Théophile", "Jean-Marc", "Paul-Henri", "Jean-Noël", "Moussa", "Karim",
            "Ibrahim", "Sébastien", "Cyprien", "Félix", "Honoré", "Côme", "Anatole", "Aurèle", "Tristan");
    private static final List<String> SURNAMES = List.of("MARTIN", "BERNARD", "PETIT", "DURAND", "LEFEBVRE",
            "BONNET", "ROUSSEAU", "BLANCHARD", "FONTAINE", "CHEVALIER", "GAUTHIER", "LAMBERT", "BOUCHER", "CARON",
            "PERRIN", "BARBIER", "RENAUD", "GIRAUD", "CLÉMENT", "MÉNARD", "HÉBERT", "PRÉVOST", "LEFÈVRE", "THÉRY",
            "JOLY", "NOËL", "BENOÎT", "FRANÇOIS", "MÜLLER", "CŒUR", "LE GOFF", "LE ROUX", "DE SOUSA",
            "DE LA TOUR", "DU PLESSIS", "D'ARTOIS", "N'GUESSAN", "L'HERMITE", "SAINT-ANDRÉ", "MARTIN-GALLAIS",
            "NGUYEN", "DIALLO", "TRAORÉ", "DOS SANTOS", "EL AMRANI", "O'NEILL", "VAN DEN BERG", "DELAÎTRE");
    private static final List<String> TEACHERS = List.of("COLIN", "ROYER", "LEMAIRE", "MARCHAND", "DUMONT",
            "AUBERT", "MASSON", "BRUNET", "PICARD", "ROCHE", "ROY", "GUILLOT", "MEUNIER", "HUBERT", "CARPENTIER",
            "LEBLANC", "GÉRARD", "DUPUIS", "LACROIX", "RIVIÈRE", "BOYER", "TESSIER", "POULAIN", "VIDAL", "BRETON",
            "LEROUX", "GAILLARD", "CHARPENTIER", "MILLET", "LEMOINE");
    private static final List<String> STREETS = List.of("rue des Écoles", "rue de la Mairie", "avenue du Port",
            "chemin des Vignes", "rue Jean Jaurès", "impasse de l'Église", "boulevard de la Plage", "rue du Marché",
            "allée des Mimosas", "rue Saint-Éloi", "place du Général de Gaulle", "route de Saintes",
            "rue des Œillets", "lieu-dit Les Brandes");
    private static final List<Home> TOWNS = List.of(new Home(null, "17000", "LA ROCHELLE"),
            new Home(null, "17300", "ROCHEFORT"), new Home(null, "17100", "SAINTES"), new Home(null, "17200", "ROYAN"),
            new Home(null, "17500", "JONZAC"), new Home(null, "17800", "PONS"),
            new Home(null, "17400", "SAINT-JEAN-D'ANGÉLY"), new Home(null, "17310", "SAINT-PIERRE-D'OLÉRON"),
            new Home(null, "17590", "ARS-EN-RÉ"), new Home(null, "17220", "LA JARRIE"));

    /** The ONDE header, as the real export writes it (with the space before "Cycle"). */
    public static final List<String> ONDE_HEADER = List.of("Nom élève", "Nom d'usage élève", "Prénom élève",
            "Date naissance", "Sexe", "INE", "Adresse1", "Cp1", "Commune1", "Pays1", "Adresse2", "Cp2", "Commune2",
            "Pays2", " Cycle", "Niveau", "Libellé classe", "Identifiant classe", "Attestation fournie",
            "Autorisation associations", "Autorisation photo", "Décision de passage");
    /** The Base Élèves 1er degré header: no INE, no class id. */
    public static final List<String> BASE_ELEVES_HEADER = List.of("Nom Elève", "Nom d'usage Elève", "Prénom Elève",
            "Date naissance", "Sexe", "Adresse1", "Cp1", "Commune1", "Pays1", "Adresse2", "Cp2", "Commune2", "Pays2",
            "Cycle", "Niveau", "Classe", "Attestation fournie", "Autorisations associations", "Autorisations photos",
            "Décision de passage");

    private static final Map<Level, String> LEVEL_WORDS = new EnumMap<>(Map.of(
            Level.TPS, "TOUTE PETITE SECTION", Level.PS, "PETITE SECTION", Level.MS, "MOYENNE SECTION",
            Level.GS, "GRANDE SECTION", Level.CP, "COURS PREPARATOIRE", Level.CE1, "COURS ELEMENTAIRE 1",
            Level.CE2, "COURS ELEMENTAIRE 2", Level.CM1, "COURS MOYEN 1", Level.CM2, "COURS MOYEN 2"));
    /** The levels a school year is drawn from (TPS only comes from files read back). */
    private static final List<Level> SCHOOL_LEVELS = List.of(Level.PS, Level.MS, Level.GS, Level.CP, Level.CE1,
            Level.CE2, Level.CM1, Level.CM2);
    private static final String INE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final int CLASS_SIZE = 28;

    private final Random random;
    private final Rates rates;
    private final Home town;
    private final Set<String> usedInes = new HashSet<>();
    private final Set<String> usedClassIds = new HashSet<>();
    private int nextId = 1;

    /** A generator with {@link Rates#REALISTIC} rates. */
    public ExtractionGenerator(long seed) {
        this(seed, Rates.REALISTIC);
    }

    public ExtractionGenerator(long seed, Rates rates) {
        this.random = new Random(seed);
        this.rates = rates;
        this.town = pick(TOWNS);
    }

    // ---- school years ----

    /**
     * The pupils of a school's first extraction: {@code pupils} children spread over PS..CM2, born
     * the right year for their level (a few a year older: held back once). From 3 pupils on, about
     * one in fifty (realistic rates) is a twin (same surname, usage name, birth date and home, another
     * first name and INE) and as many are true homonyms (same surname and first name, another birth
     * date): at least one of each. No two pupils share an INE or (surname, first name, birth date).
     *
     * @param schoolYear the year the school year starts in September (2026 for 2026-2027)
     */
    public List<GeneratedPupil> firstYear(int pupils, int schoolYear) {
        if (pupils < 1) {
            throw new IllegalArgumentException("A school has at least one pupil, not " + pupils + ".");
        }
        int twins = pupils >= 3 ? Math.max(1, (int) (pupils * rates.twins())) : 0;
        int homonyms = pupils >= 3 ? Math.max(1, (int) (pupils * rates.homonyms())) : 0;
        Set<String> identities = new HashSet<>();
        List<GeneratedPupil> out = new ArrayList<>();
        for (int i = 0; i < pupils - twins - homonyms; i++) {
            out.add(newPupil(pick(SCHOOL_LEVELS), schoolYear, identities));
        }
        int base = out.size();
        for (int i = 0; i < twins; i++) {
            out.add(twinOf(out.get(random.nextInt(base)), identities));
        }
        for (int i = 0; i < homonyms; i++) {
            out.add(homonymOf(out.get(random.nextInt(base)), schoolYear, identities));
        }
        return withClasses(out);
    }

    /**
     * The same school one year later (shares as in {@link Rates#REALISTIC}). Every CM2 leaves for
     * collège and about 3% of the others move away; about 4% are held back (same level), the others go
     * up one level; classes are made anew, so most pupils change class. About 1% get their first name
     * corrected (an accent, a hyphen or a second first name, a letter doubled or not), about 0.5% a new
     * or dropped usage name. New PS pupils arrive (about an eighth of the school) and a few children
     * in other levels. Pupils without an INE (read back from a Base Élèves file) get one, as they did
     * when ONDE replaced Base Élèves. Arrivals never share an INE or (surname, first name, birth date)
     * with a pupil of {@code previous}, nor does a corrected name.
     */
    public List<GeneratedPupil> nextYear(List<GeneratedPupil> previous, int schoolYear) {
        Set<String> identities = new HashSet<>();
        for (GeneratedPupil p : previous) {
            nextId = Math.max(nextId, p.id() + 1);
            if (p.ine() != null) {
                usedInes.add(p.ine());
            }
            identities.add(identity(p.lastName(), p.firstName(), p.birthDate()));
        }
        List<GeneratedPupil> out = new ArrayList<>();
        for (GeneratedPupil p : previous) {
            if (p.level() == Level.CM2 || random.nextDouble() < rates.moveAway()) {
                continue;
            }
            GeneratedPupil stays = p.withLevel(random.nextDouble() < rates.heldBack() ? p.level() : next(p.level()));
            if (stays.ine() == null) {
                stays = stays.withIne(newIne());
            }
            if (random.nextDouble() < rates.firstNameCorrection()) {
                String corrected = correctedFirstName(stays.firstName(), stays.sex());
                String identity = identity(stays.lastName(), corrected, stays.birthDate());
                if (!corrected.equals(stays.firstName()) && !identities.contains(identity)) {
                    identities.add(identity);
                    stays = stays.withNames(stays.usageName(), corrected);
                }
            }
            if (random.nextDouble() < rates.usageNameChange()) {
                stays = stays.withNames(stays.usageName() == null ? usageNameFor(stays.lastName()) : null,
                        stays.firstName());
            }
            out.add(stays);
        }
        double scale = previous.size() / 8.0;
        int newPs = Math.max(1, (int) Math.round(scale * (0.8 + 0.4 * random.nextDouble())));
        for (int i = 0; i < newPs; i++) {
            out.add(newPupil(Level.PS, schoolYear, identities));
        }
        int others = (int) Math.round(previous.size() * rates.otherArrivals() * random.nextDouble() * 2);
        for (int i = 0; i < others; i++) {
            out.add(newPupil(SCHOOL_LEVELS.get(1 + random.nextInt(SCHOOL_LEVELS.size() - 1)), schoolYear, identities));
        }
        return withClasses(out);
    }

    /**
     * A pupil as an extraction gave it back (names, birth date, sex, INE, level), for deriving the
     * next year from files: {@code id} is whatever the caller numbers them with. The reader does not
     * read addresses and consents (they are not account data), so those are drawn anew.
     */
    public GeneratedPupil fromRow(int id, PupilRow row) {
        nextId = Math.max(nextId, id + 1);
        if (row.ine() != null) {
            usedInes.add(row.ine());
        }
        return new GeneratedPupil(id, row.name().lastName(), row.name().usageName(), row.name().firstName(),
                row.birthDate(), row.sex(), row.ine(), row.level(), null, newHome(), secondHome(),
                random.nextDouble() < 0.8, random.nextDouble() < 0.85);
    }

    private GeneratedPupil newPupil(Level level, int schoolYear, Set<String> identities) {
        while (true) {
            boolean girl = random.nextBoolean();
            String first = pick(girl ? GIRLS : BOYS);
            String last = random.nextDouble() < 0.04 ? pick(SURNAMES) + "-" + pick(SURNAMES) : pick(SURNAMES);
            LocalDate birth = birthFor(level, schoolYear);
            String identity = identity(last, first, birth);
            if (identities.add(identity)) {
                String usage = random.nextDouble() < 0.06 ? usageNameFor(last) : null;
                return new GeneratedPupil(nextId++, last, usage, first, birth, girl ? "F" : "M", newIne(), level, null,
                        newHome(), secondHome(), random.nextDouble() < 0.8, random.nextDouble() < 0.85);
            }
        }
    }

    private GeneratedPupil twinOf(GeneratedPupil sibling, Set<String> identities) {
        while (true) {
            boolean girl = random.nextBoolean();
            String first = pick(girl ? GIRLS : BOYS);
            if (fold(first).equals(fold(sibling.firstName()))) {
                continue;
            }
            if (identities.add(identity(sibling.lastName(), first, sibling.birthDate()))) {
                return new GeneratedPupil(nextId++, sibling.lastName(), sibling.usageName(), first,
                        sibling.birthDate(), girl ? "F" : "M", newIne(), sibling.level(), null, sibling.home(),
                        sibling.secondHome(), sibling.associationConsent(), random.nextDouble() < 0.85);
            }
        }
    }

    private GeneratedPupil homonymOf(GeneratedPupil other, int schoolYear, Set<String> identities) {
        while (true) {
            Level level = random.nextDouble() < 0.5 ? other.level() : pick(SCHOOL_LEVELS);
            LocalDate birth = birthFor(level, schoolYear);
            if (!birth.equals(other.birthDate())
                    && identities.add(identity(other.lastName(), other.firstName(), birth))) {
                return new GeneratedPupil(nextId++, other.lastName(), null, other.firstName(), birth, other.sex(),
                        newIne(), level, null, newHome(), secondHome(), random.nextDouble() < 0.8,
                        random.nextDouble() < 0.85);
            }
        }
    }

    /** Born the year of their level (PS: three years before the school year), now and then a year earlier. */
    private LocalDate birthFor(Level level, int schoolYear) {
        int year = schoolYear - 3 - (level.ordinal() - Level.PS.ordinal());
        double odd = random.nextDouble();
        if (odd < 0.04) {
            year -= 1;
        } else if (odd < 0.05) {
            year += 1;
        }
        return LocalDate.ofYearDay(year, 1 + random.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
    }

    /** An INE's shape (ten digits and a letter); not a real one. */
    private String newIne() {
        while (true) {
            StringBuilder ine = new StringBuilder(11);
            for (int i = 0; i < 10; i++) {
                ine.append((char) ('0' + random.nextInt(10)));
            }
            ine.append(INE_LETTERS.charAt(random.nextInt(INE_LETTERS.length())));
            if (usedInes.add(ine.toString())) {
                return ine.toString();
            }
        }
    }

    private String usageNameFor(String lastName) {
        String other = pick(SURNAMES);
        return random.nextBoolean() ? lastName + "-" + other : other;
    }

    /** What a town hall corrects: a missing or wrong accent, a hyphen or a second first name, a letter doubled or not. */
    private String correctedFirstName(String first, String sex) {
        switch (random.nextInt(3)) {
            case 0 -> {
                String plain = java.text.Normalizer.normalize(first, java.text.Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "");
                if (!plain.equals(first)) {
                    return plain;
                }
                int e = first.indexOf('e', 1);
                return e < 0 ? first + "e" : first.substring(0, e) + "é" + first.substring(e + 1);
            }
            case 1 -> {
                if (first.contains("-")) {
                    return first.replace('-', ' ');
                }
                return first + "-" + pick("F".equals(sex) ? GIRLS : BOYS);
            }
            default -> {
                for (int i = 1; i < first.length(); i++) {
                    if (first.charAt(i) == first.charAt(i - 1)) {
                        return first.substring(0, i) + first.substring(i + 1);
                    }
                }
                for (int i = 1; i < first.length(); i++) {
                    if ("bcdfglmnprst".indexOf(first.charAt(i)) >= 0) {
                        return first.substring(0, i) + first.charAt(i) + first.substring(i);
                    }
                }
                return first + "e";
            }
        }
    }

    private Home newHome() {
        Home place = random.nextDouble() < 0.85 ? town : pick(TOWNS);
        String street = (1 + random.nextInt(150)) + " " + pick(STREETS);
        double odd = random.nextDouble();
        if (odd < 0.02) {
            street = "Résidence \"Les Tamaris\", bât. " + (char) ('A' + random.nextInt(4)) + "; " + street;
        } else if (odd < 0.05) {
            street = street + ", appt " + (1 + random.nextInt(40));
        }
        return new Home(street, place.postcode(), place.town());
    }

    private Home secondHome() {
        return random.nextDouble() < 0.12 ? newHome() : null;
    }

    /**
     * Classes made anew for a school year: each level fills classes of at most 28; now and then
     * (about one level in three) a few pupils of a level and a few of the next share a mixed class.
     */
    private List<GeneratedPupil> withClasses(List<GeneratedPupil> pupils) {
        Map<Level, List<GeneratedPupil>> byLevel = new EnumMap<>(Level.class);
        for (GeneratedPupil p : pupils) {
            byLevel.computeIfAbsent(p.level(), l -> new ArrayList<>()).add(p);
        }
        byLevel.values().forEach(members -> Collections.shuffle(members, random));
        List<Level> levels = new ArrayList<>(byLevel.keySet());
        List<String> teachers = new ArrayList<>(TEACHERS);
        Collections.shuffle(teachers, random);
        Map<Integer, SchoolClass> classOf = new HashMap<>();
        int number = 0;
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            List<GeneratedPupil> rest = byLevel.get(level);
            List<GeneratedPupil> mixed = new ArrayList<>();
            if (!rest.isEmpty() && i + 1 < levels.size() && levels.get(i + 1).ordinal() == level.ordinal() + 1
                    && random.nextDouble() < 0.35) {
                List<GeneratedPupil> following = byLevel.get(levels.get(i + 1));
                mixed.addAll(takeLast(rest, 3 + random.nextInt(12)));
                mixed.addAll(takeLast(following, 3 + random.nextInt(12)));
                for (List<GeneratedPupil> left : List.of(rest, following)) {
                    if (left.size() < 6 && mixed.size() + left.size() <= CLASS_SIZE) {
                        mixed.addAll(takeLast(left, left.size())); // no class of a handful of pupils
                    }
                }
            }
            int count = (rest.size() + CLASS_SIZE - 1) / CLASS_SIZE;
            for (int c = 0; c < count; c++) {
                SchoolClass schoolClass = new SchoolClass(++number, List.of(level), teacher(teachers, number),
                        newClassId());
                for (int m = c; m < rest.size(); m += count) {
                    classOf.put(rest.get(m).id(), schoolClass);
                }
            }
            if (!mixed.isEmpty()) {
                SchoolClass schoolClass = new SchoolClass(++number, List.of(level, levels.get(i + 1)),
                        teacher(teachers, number), newClassId());
                mixed.forEach(p -> classOf.put(p.id(), schoolClass));
            }
        }
        return pupils.stream().map(p -> p.withClass(classOf.get(p.id()))).toList();
    }

    private static List<GeneratedPupil> takeLast(List<GeneratedPupil> pupils, int count) {
        List<GeneratedPupil> tail = pupils.subList(Math.max(0, pupils.size() - count), pupils.size());
        List<GeneratedPupil> taken = new ArrayList<>(tail);
        tail.clear();
        return taken;
    }

    private String teacher(List<String> teachers, int number) {
        return (random.nextBoolean() ? "Mme " : "M. ")
                + (teachers.isEmpty() ? "REMPLAÇANT " + number : teachers.remove(teachers.size() - 1));
    }

    private String newClassId() {
        while (true) {
            String id = Integer.toString(10000 + random.nextInt(90000));
            if (usedClassIds.add(id)) {
                return id;
            }
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Level next(Level level) {
        return Level.values()[level.ordinal() + 1];
    }

    private static String identity(String last, String first, LocalDate birth) {
        return fold(last) + "|" + fold(first) + "|" + birth;
    }

    // ---- files ----

    /** The order the file lists the pupils in: by class, then surname, first name; line = index + 2. */
    public static List<GeneratedPupil> fileOrder(List<GeneratedPupil> pupils) {
        for (GeneratedPupil p : pupils) {
            if (p.schoolClass() == null) {
                throw new IllegalArgumentException("Pupil " + p.id() + " has no class: only pupils from firstYear or"
                        + " nextYear can be written.");
            }
        }
        return pupils.stream().sorted(Comparator.<GeneratedPupil>comparingInt(p -> p.schoolClass().number())
                .thenComparing(p -> p.level().ordinal())
                .thenComparing(p -> fold(p.lastName()))
                .thenComparing(p -> fold(p.firstName()))
                .thenComparing(GeneratedPupil::birthDate)
                .thenComparingInt(GeneratedPupil::id)).toList();
    }

    /**
     * The extraction file: a header, one line a pupil in {@link #fileOrder} order, {@code ;} between
     * fields (quoted only when needed), CRLF line ends, an empty last line, dates as dd/MM/yyyy.
     *
     * @throws IllegalArgumentException a pupil has no class, or a name cannot be written in Windows-1252
     */
    public static byte[] write(List<GeneratedPupil> pupils, Style style, Encoding encoding) {
        StringBuilder text = new StringBuilder(256 * (pupils.size() + 1));
        // the header as the exports write it, unquoted: minimal quoting would quote ONDE's " Cycle"
        text.append(String.join(";", style == Style.ONDE ? ONDE_HEADER : BASE_ELEVES_HEADER)).append("\r\n");
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(';').setRecordSeparator("\r\n")
                .setQuoteMode(QuoteMode.MINIMAL).get();
        try (CSVPrinter printer = new CSVPrinter(text, format)) {
            for (GeneratedPupil p : fileOrder(pupils)) {
                printer.printRecord(fields(p, style));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text.append("\r\n");
        return encode(text, encoding);
    }

    private static List<String> fields(GeneratedPupil p, Style style) {
        List<String> row = new ArrayList<>(22);
        row.add(p.lastName());
        row.add(p.usageName() == null ? "" : p.usageName());
        row.add(p.firstName());
        row.add(p.birthDate().format(FRENCH_DATE));
        row.add(p.sex() == null ? "" : p.sex());
        if (style == Style.ONDE) {
            row.add(p.ine() == null ? "" : p.ine());
        }
        for (Home home : new Home[]{p.home(), p.secondHome()}) {
            row.add(home == null ? "" : home.street());
            row.add(home == null ? "" : home.postcode());
            row.add(home == null ? "" : home.town());
            row.add(home == null ? "" : "FRANCE");
        }
        row.add(cycle(p.level(), style));
        row.add(p.level().name());
        row.add(p.schoolClass().label(style));
        if (style == Style.ONDE) {
            row.add(p.schoolClass().id());
        }
        row.add(p.id() % 19 == 0 ? "Non" : "Oui");
        row.add(p.associationConsent() ? "Oui" : "Non");
        row.add(p.photoConsent() ? "Oui" : "Non");
        row.add("");
        return row;
    }

    /** Cycles as each export knew them: the 2016 reform moved GS to cycle I and CE2 to cycle II. */
    private static String cycle(Level level, Style style) {
        int cutTwo = style == Style.ONDE ? Level.CP.ordinal() : Level.GS.ordinal();
        int cutThree = style == Style.ONDE ? Level.CM1.ordinal() : Level.CE2.ordinal();
        return level.ordinal() < cutTwo ? "CYCLE I" : level.ordinal() < cutThree ? "CYCLE II" : "CYCLE III";
    }

    private static byte[] encode(CharSequence text, Encoding encoding) {
        Charset charset = encoding == Encoding.UTF_8_BOM ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
        CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer body = encoder.encode(CharBuffer.wrap(text));
            byte[] bom = encoding == Encoding.UTF_8_BOM ? new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} : new byte[0];
            byte[] out = new byte[bom.length + body.remaining()];
            System.arraycopy(bom, 0, out, 0, bom.length);
            body.get(out, bom.length, body.remaining());
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The extraction holds a character " + charset + " cannot write.", e);
        }
    }

    // ---- command line ----

    /** The UAI of school {@code number} of département 017: "017", four digits, the check letter. */
    public static Uai uai(int number) {
        if (number < 0 || number > 9999) {
            throw new IllegalArgumentException("A school number has at most four digits, not " + number + ".");
        }
        String digits = String.format(Locale.ROOT, "017%04d", number);
        return new Uai(digits + "ABCDEFGHJKLMNPRSTUVWXYZ".charAt(Integer.parseInt(digits) % 23));
    }

    private static final String USAGE = """
            Synthetic ONDE / Base Élèves extractions, one <UAI>.csv per school of département 017.

              --schools N        how many schools (default 1), numbered from --first-school (default 1)
              --pupils M         pupils per school on average, +/- 30% (default 150; ignored with --next-year-of)
              --year Y           the school year, starting in September of Y (default 2026)
              --out DIR          where to write the files (created if missing)
              --next-year-of DIR last year's files: read back with the extraction reader, then one year on
              --style onde|be1d-2010   ONDE with INE (default), or the Base Élèves header without INE
              --encoding cp1252|utf-8  Windows-1252 (default), or UTF-8 with a byte-order mark
              --seed S           random seed (default 17): the same arguments write the same bytes
            """;

    /**
     * How last year's file is read back for {@code --next-year-of}: the application's extraction reader
     * (command-side), which this module does not depend on, so that command-side's own tests can use the
     * generator. Answers the rows it accepts; it reports the rows it refuses itself.
     */
    @FunctionalInterface
    public interface LastYearReader {
        List<PupilRow> read(Path file, byte[] content, PrintStream err) throws IOException;
    }

    /**
     * Writes a département's extractions. Each school gets its own random stream (from the seed, its
     * number and the year), so a school's file does not depend on how many schools are written.
     * With {@code --next-year-of}, each school's previous file is read back with {@code lastYear} (the
     * extraction reader) and the year after it is written; rows the reader refuses are left out.
     */
    public static void main(String[] args, LastYearReader lastYear) throws IOException {
        int status = run(args, System.err, lastYear);
        if (status != 0) {
            System.exit(status);
        }
    }

    public static int run(String[] args, PrintStream err, LastYearReader lastYear) throws IOException {
        int schools = 1;
        int firstSchool = 1;
        int pupils = 150;
        int year = 2026;
        long seed = 17;
        Path out = null;
        Path previous = null;
        Style style = Style.ONDE;
        Encoding encoding = Encoding.WINDOWS_1252;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    err.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value.");
                }
                String value = args[++i];
                switch (option) {
                    case "--schools" -> schools = Integer.parseInt(value);
                    case "--first-school" -> firstSchool = Integer.parseInt(value);
                    case "--pupils" -> pupils = Integer.parseInt(value);
                    case "--year" -> year = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--out" -> out = Path.of(value);
                    case "--next-year-of" -> previous = Path.of(value);
                    case "--style" -> style = switch (value) {
                        case "onde" -> Style.ONDE;
                        case "be1d-2010" -> Style.BASE_ELEVES;
                        default -> throw new IllegalArgumentException("--style is onde or be1d-2010, not " + value + ".");
                    };
                    case "--encoding" -> encoding = switch (value.toLowerCase(Locale.ROOT)) {
                        case "cp1252", "windows-1252" -> Encoding.WINDOWS_1252;
                        case "utf-8", "utf8" -> Encoding.UTF_8_BOM;
                        default -> throw new IllegalArgumentException("--encoding is cp1252 or utf-8, not " + value + ".");
                    };
                    default -> throw new IllegalArgumentException("Unknown option " + option + ".");
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out DIR is required.");
            }
            if (schools < 1 || pupils < 1 || firstSchool < 0 || firstSchool + schools - 1 > 9999) {
                throw new IllegalArgumentException("--schools and --pupils are at least 1, school numbers at most 9999.");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Files.createDirectories(out);
        int total = 0;
        for (int school = firstSchool; school < firstSchool + schools; school++) {
            Uai uai = uai(school);
            ExtractionGenerator generator = new ExtractionGenerator(mix(seed, school, year));
            List<GeneratedPupil> generated;
            if (previous != null) {
                Path file = previous.resolve(uai + ".csv");
                if (!Files.isRegularFile(file)) {
                    err.println("No " + file + ": --next-year-of needs last year's file of every school.");
                    return 1;
                }
                List<GeneratedPupil> last = new ArrayList<>();
                for (PupilRow row : lastYear.read(file, Files.readAllBytes(file), err)) {
                    last.add(generator.fromRow(last.size() + 1, row));
                }
                generated = generator.nextYear(last, year);
            } else {
                Random size = new Random(mix(seed, school, year, 1));
                generated = generator.firstYear(Math.max(1, (int) Math.round(pupils * (0.7 + 0.6 * size.nextDouble()))),
                        year);
            }
            Files.write(out.resolve(uai + ".csv"), write(generated, style, encoding));
            total += generated.size();
        }
        err.println(schools + " school(s), " + total + " pupils -> " + out);
        return 0;
    }

    /** A 64-bit mix of several numbers into one seed (SplitMix64 steps). */
    private static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            h ^= part;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h *= 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }

    /** Letters and digits only, accents folded: the comparison LoginPolicy makes of names (kept identical). */
    private static String fold(String text) {
        return Folding.fold(text).replaceAll("[^a-z0-9]", "");
    }
}
