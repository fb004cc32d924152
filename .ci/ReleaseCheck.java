import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a release staged into a local file repository against what Maven Central requires, so a
 * release is never judged by eye. Run by .ci/release-check:
 *
 * <pre>java .ci/ReleaseCheck.java REPO VERSION [SECOND_REPO]</pre>
 *
 * The artifacts to publish are read from the BOM; each must have a POM with the required metadata
 * (its own or inherited from the parent), its JAR, sources and Javadoc JARs, a checksum and a
 * verifiable GPG signature of every file, and no SNAPSHOT anywhere. With a second repository built
 * from the same tree, every JAR and POM must be byte for byte the same (a reproducible build).
 */
public final class ReleaseCheck {

    private static final String GROUP = "com.promptfloe";
    private static final String PARENT = "promptfloe-webhooks-parent";
    private static final String BOM = "promptfloe-webhooks-bom";
    private static final String PROJECT_URL = "https://github.com/promptfloe/promptfloe-webhooks-jakarta-ee";

    private final Path repo;
    private final String version;
    private final List<String> failures = new ArrayList<>();
    private int passed;

    private ReleaseCheck(Path repo, String version) {
        this.repo = repo;
        this.version = version;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java ReleaseCheck.java REPO VERSION [SECOND_REPO]");
            System.exit(2);
        }
        ReleaseCheck check = new ReleaseCheck(Path.of(args[0]), args[1]);
        check.run(args.length == 3 ? Path.of(args[2]) : null);
        for (String failure : check.failures) {
            System.out.println("FAILED: " + failure);
        }
        System.out.println("release-check: " + check.passed + " passed, " + check.failures.size() + " failed");
        System.exit(check.failures.isEmpty() ? 0 : 1);
    }

    private void run(Path secondRepo) throws Exception {
        Path groupDir = repo.resolve(GROUP.replace('.', '/'));
        if (!Files.isDirectory(groupDir)) {
            fail("nothing was deployed under " + groupDir);
            return;
        }
        if (version.contains("SNAPSHOT")) {
            fail("version " + version + " is a SNAPSHOT: Maven Central takes releases only");
        }
        Document bom = parse(artifactFile(BOM, ".pom"));
        Set<String> published = new TreeSet<>();
        for (Element dependency : children(first(bom.getDocumentElement(), "dependencyManagement"), "dependencies", "dependency")) {
            String group = text(dependency, "groupId");
            check(GROUP.equals(group), "the BOM manages " + group + ":" + text(dependency, "artifactId")
                    + ", which is not this project's group " + GROUP);
            published.add(text(dependency, "artifactId"));
        }
        Set<String> expected = new TreeSet<>(published);
        expected.add(PARENT);
        expected.add(BOM);
        Set<String> deployed = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(groupDir)) {
            dirs.filter(Files::isDirectory).forEach(dir -> deployed.add(dir.getFileName().toString()));
        }
        check(deployed.equals(expected), "deployed " + deployed + " but the BOM (plus parent and BOM) says "
                + expected + ": add a published module to bom/pom.xml, or set maven.deploy.skip in one that is not published");

        for (String artifact : deployed) {
            checkArtifact(artifact);
        }
        if (secondRepo != null) {
            checkReproducible(secondRepo);
        }
    }

    private void checkArtifact(String artifact) throws Exception {
        Path pomFile = artifactFile(artifact, ".pom");
        if (!check(Files.isRegularFile(pomFile), artifact + ": no POM at " + pomFile)) {
            return;
        }
        checkSignedAndSummed(pomFile);
        Document pom = parse(pomFile);
        Element project = pom.getDocumentElement();
        String packaging = orDefault(text(project, "packaging"), "jar");
        check(version.equals(orDefault(text(project, "version"), parentVersion(project))),
                artifact + ": POM version is not " + version);
        check(!Files.readString(pomFile).contains("SNAPSHOT"), artifact + ": the POM still names a SNAPSHOT");
        for (String element : List.of("name", "description", "url")) {
            check(!inherited(project, element).isBlank(), artifact + ": no <" + element + "> (Maven Central requires it)");
        }
        String url = effectiveUrl(project, artifact, null, "url");
        check(url.equals(PROJECT_URL), artifact + ": its <url> as Maven computes it is " + url + ", not " + PROJECT_URL
                + " (an inherited URL gets the artifactId appended unless child.project.url.inherit.append.path=\"false\")");
        check(!inheritedPath(project, "licenses", "license", "name").isBlank()
                && !inheritedPath(project, "licenses", "license", "url").isBlank(), artifact + ": no license name and URL");
        check(!inheritedPath(project, "developers", "developer", "name").isBlank(), artifact + ": no developer name");
        for (String scm : List.of("url", "connection")) {
            String value = effectiveUrl(project, artifact, "scm", scm);
            check(value.equals(scm.equals("url") ? PROJECT_URL : "scm:git:" + PROJECT_URL + ".git"),
                    artifact + ": its <scm><" + scm + "> as Maven computes it is '" + value
                    + "' (an inherited one gets the artifactId appended unless child.scm." + scm + ".inherit.append.path=\"false\")");
        }
        if (packaging.equals("pom")) {
            return;
        }
        check(packaging.equals("jar"), artifact + ": packaging " + packaging + " is not expected for a library");
        Path jar = artifactFile(artifact, ".jar");
        Path sources = artifactFile(artifact, "-sources.jar");
        Path javadoc = artifactFile(artifact, "-javadoc.jar");
        for (Path file : List.of(jar, sources, javadoc)) {
            if (check(Files.isRegularFile(file), artifact + ": missing " + file.getFileName())) {
                checkSignedAndSummed(file);
            }
        }
        if (Files.isRegularFile(jar)) {
            check(entries(jar).stream().anyMatch(name -> name.endsWith(".class")), artifact + ": the JAR has no classes");
        }
        if (Files.isRegularFile(sources)) {
            check(entries(sources).stream().anyMatch(name -> name.endsWith(".java")), artifact + ": the sources JAR has no .java file");
        }
        if (Files.isRegularFile(javadoc)) {
            check(entries(javadoc).contains("index.html"), artifact + ": the Javadoc JAR has no index.html");
        }
    }

    private void checkSignedAndSummed(Path file) throws IOException, InterruptedException, NoSuchAlgorithmException {
        Path signature = file.resolveSibling(file.getFileName() + ".asc");
        if (check(Files.isRegularFile(signature), file.getFileName() + ": no GPG signature (.asc)")) {
            Process gpg = new ProcessBuilder("gpg", "--batch", "--verify", signature.toString(), file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(gpg.getInputStream().readAllBytes());
            check(gpg.waitFor() == 0, file.getFileName() + ": the signature does not verify: " + output.strip());
        }
        for (String algorithm : List.of("SHA-1", "MD5")) {
            Path sum = file.resolveSibling(file.getFileName() + "." + algorithm.toLowerCase().replace("-", ""));
            if (check(Files.isRegularFile(sum), file.getFileName() + ": no " + algorithm + " checksum")) {
                check(Files.readString(sum).strip().startsWith(digest(file, algorithm)),
                        file.getFileName() + ": the " + algorithm + " checksum does not match the file");
            }
        }
    }

    private void checkReproducible(Path secondRepo) throws IOException, NoSuchAlgorithmException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(repo.resolve(GROUP.replace('.', '/')))) {
            files = walk.filter(path -> path.toString().endsWith(".jar") || path.toString().endsWith(".pom")).toList();
        }
        Set<String> differing = new LinkedHashSet<>();
        for (Path file : files) {
            Path twin = secondRepo.resolve(repo.relativize(file));
            if (!Files.isRegularFile(twin) || !digest(file, "SHA-256").equals(digest(twin, "SHA-256"))) {
                differing.add(repo.relativize(file).toString());
            }
        }
        check(differing.isEmpty(), "not reproducible: two builds of the same tree differ in " + differing);
        check(!files.isEmpty(), "no JAR or POM to compare between the two builds");
    }

    /**
     * A URL as a consumer's Maven computes it: the POM's own, else the parent's with "/artifactId"
     * appended, unless the parent turned that off with the child.*.inherit.append.path attribute.
     */
    private String effectiveUrl(Element project, String artifact, String outer, String element) throws Exception {
        Element holder = outer == null ? project : first(project, outer);
        String own = holder == null ? null : text(holder, element);
        if (own != null && !own.isBlank()) {
            return own;
        }
        Element parent = first(project, "parent");
        if (parent == null || !GROUP.equals(text(parent, "groupId"))) {
            return "";
        }
        Path parentPom = artifactFile(text(parent, "artifactId"), ".pom");
        if (!Files.isRegularFile(parentPom)) {
            return "";
        }
        Element parentProject = parse(parentPom).getDocumentElement();
        String base = effectiveUrl(parentProject, text(parent, "artifactId"), outer, element);
        Element attributeHolder = outer == null ? parentProject : first(parentProject, outer);
        String attribute = "child." + (outer == null ? "project" : outer) + "." + element + ".inherit.append.path";
        boolean append = attributeHolder == null || !"false".equals(attributeHolder.getAttribute(attribute));
        return base.isEmpty() || !append ? base : base + "/" + artifact;
    }

    private String parentVersion(Element project) {
        Element parent = first(project, "parent");
        return parent == null ? null : text(parent, "version");
    }

    /** The element's text in this POM, else in its parent POM from the same repository. */
    private String inherited(Element project, String element) throws Exception {
        return inheritedPath(project, element, null, null);
    }

    private String inheritedPath(Element project, String outer, String inner, String innermost) throws Exception {
        Element at = first(project, outer);
        if (at != null && inner != null) {
            at = first(at, inner);
        }
        if (at != null && innermost != null) {
            at = first(at, innermost);
        }
        if (at != null && !at.getTextContent().isBlank()) {
            return at.getTextContent().strip();
        }
        Element parent = first(project, "parent");
        if (parent == null || !GROUP.equals(text(parent, "groupId"))) {
            return "";
        }
        Path parentPom = artifactFile(text(parent, "artifactId"), ".pom");
        return Files.isRegularFile(parentPom) ? inheritedPath(parse(parentPom).getDocumentElement(), outer, inner, innermost) : "";
    }

    private Path artifactFile(String artifact, String suffix) {
        return repo.resolve(GROUP.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + suffix);
    }

    private boolean check(boolean condition, String failure) {
        if (condition) {
            passed++;
        } else {
            failures.add(failure);
        }
        return condition;
    }

    private void fail(String failure) {
        failures.add(failure);
    }

    private static Set<String> entries(Path jar) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
        }
        return names;
    }

    private static String digest(Path file, String algorithm) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Element first(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String wrapper, String name) {
        List<Element> found = new ArrayList<>();
        Element outer = first(parent, wrapper);
        if (outer != null) {
            for (Node child = outer.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && element.getTagName().equals(name)) {
                    found.add(element);
                }
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = first(parent, name);
        return element == null ? null : element.getTextContent().strip();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
