package dev.lorakit.docs;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.lorakit.core.LoraStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * lorakit's layering, checked on the compiled main classes of every module (the docs module depends
 * on all of them): no package cycle inside a module, a validation kernel that knows no domain type,
 * one factory of violations, internal packages private to their module, and base models compared
 * only inside {@code BaseModel}.
 */
class ArchitectureTest {
  // No DO_NOT_INCLUDE_JARS: in a full `mvn verify` the reactor puts the modules' jars, not their
  // classes folders, on the class path; importPackages keeps the import to lorakit's classes.
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lorakit");

  @Test
  void mainClassesOfEveryModule_areImported() {
    // a wrong import option would make every rule below pass on nothing
    assertThat(MAIN.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .contains("core", "yaml", "safetensors", "runpod", "kubernetes", "testkit", "cli");
  }

  @Test
  void packagesOfEachModule_haveNoCycle() {
    // one slice per subpackage of a module root: dev.lorakit.core.rules, dev.lorakit.core.plan...
    slices().matching("dev.lorakit.(*).(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void kubernetesBackend_dependsOnTheSweepInterface_notOnRunpod() {
    // the backends meet only in core.sweep; a RunPod user carries no fabric8, a cluster user no
    // RunPod
    noClasses()
        .that()
        .resideInAPackage("dev.lorakit.kubernetes..")
        .should()
        .dependOnClassesThat(resideInAPackage("dev.lorakit.runpod.."))
        .check(MAIN);
    noClasses()
        .that()
        .resideInAPackage("dev.lorakit.runpod..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.lorakit.kubernetes..").or(resideInAPackage("io.fabric8..")))
        .check(MAIN);
  }

  @Test
  void validationKernel_dependsOnNoOtherLorakitPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.lorakit.core.validation..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.lorakit..")
                .and(not(resideInAPackage("dev.lorakit.core.validation..")))
                // the Immutables style meta-annotation of every package-info, no domain type
                .and(not(type(LoraStyle.class))))
        .check(MAIN);
  }

  @Test
  void onlyFindings_buildsViolations() {
    noClasses()
        .that()
        .haveNameNotMatching(
            "dev\\.lorakit\\.core\\.validation\\.(Findings|ImmutableViolation)(\\$.*)?")
        .should()
        .callMethod("dev.lorakit.core.validation.ImmutableViolation", "builder")
        .because("Findings is the one factory of Violation values")
        .check(MAIN);
  }

  @Test
  void internalPackages_areUsedOnlyInTheirModule_exceptCoreInternal() {
    // lora-core's core.internal is shared by design (its package-info says so); every other
    // <root>.internal belongs to its module.
    noClasses().should(useAnotherModulesInternals()).check(MAIN);
  }

  private static ArchCondition<JavaClass> useAnotherModulesInternals() {
    return new ArchCondition<>("use another module's internal package (other than core.internal)") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String module = module(item.getPackageName());
        item.getDirectDependenciesFromSelf().stream()
            .filter(d -> INTERNAL.test(d.getTargetClass()))
            .filter(d -> !module(d.getTargetClass().getPackageName()).equals(module))
            .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
      }
    };
  }

  private static final DescribedPredicate<JavaClass> INTERNAL =
      DescribedPredicate.describe(
          "in a module's internal package other than core.internal",
          c ->
              c.getPackageName().matches("dev\\.lorakit\\.[a-z]+\\.internal(\\..*)?")
                  && !c.getPackageName().startsWith("dev.lorakit.core.internal"));

  private static String module(String packageName) {
    String[] parts = packageName.split("\\.");
    return parts.length > 2 ? parts[2] : "";
  }

  /**
   * ArchUnit sees field reads but not {@code ==}: scan the main sources for comparisons with a
   * base-model constant and for {@code case QWEN_...} labels outside {@code BaseModel}, where a new
   * model would be silently mishandled.
   */
  @Test
  void baseModelConstants_areComparedOnlyInBaseModel() throws IOException {
    Pattern comparison =
        Pattern.compile(
            "[=!]=\\s*(BaseModel\\.)?QWEN_[A-Z0-9_]+|(BaseModel\\.)?QWEN_[A-Z0-9_]+\\s*[=!]="
                + "|\\bcase\\s+(BaseModel\\.)?QWEN_|equals\\(\\s*(BaseModel\\.)?QWEN_");
    List<String> found = new ArrayList<>();
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources =
          modules
              .map(m -> m.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .flatMap(ArchitectureTest::javaFiles)
              .filter(p -> !p.endsWith("dev/lorakit/core/project/BaseModel.java"))
              .toList();
    }
    assertThat(sources).hasSizeGreaterThan(100);
    for (Path file : sources) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = comparison.matcher(lines.get(i));
        if (m.find()) {
          found.add(
              root.relativize(file).toString().replace('\\', '/')
                  + ":"
                  + (i + 1)
                  + ": "
                  + lines.get(i).strip());
        }
      }
    }
    assertThat(found).as("base-model comparisons outside BaseModel (add a fact method)").isEmpty();
  }

  private static Stream<Path> javaFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
