package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFileTest {

  private static List<Violation> errorsOf(String text) {
    try {
      ProjectLoader.read(text);
    } catch (LoraValidationException e) {
      return e.report().errors();
    }
    throw new AssertionError("expected errors for:\n" + text);
  }

  @Test
  void writeThenLoad_guideProject_isEqual(@TempDir Path dir) {
    Path file = dir.resolve("lorakit.yaml");
    ProjectWriter.write(TestProjects.guideWithControls(), file);
    assertThat(ProjectLoader.load(file)).isEqualTo(TestProjects.guideWithControls());
    assertThat(dir.toFile().list()).containsExactly("lorakit.yaml");
  }

  @Test
  void read_minimalFile_takesTheGuideDefaults() {
    LoraProject p =
        ProjectLoader.read(
            "name: maya_char_lora\ntrigger: maya_char\ndataset:\n  folders:\n"
                + "    - path: 40_maya_char\n      image_count: 70\n    - path: 20_maya_char_realbody\n");
    assertThat(p.baseModel()).isEqualTo(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(p.dataset().folders().get(0).repeats()).isEqualTo(40);
    assertThat(p.dataset().folders().get(1).requiredTags()).containsExactly("realistic_body");
    assertThat(p.training().network().rank()).isEqualTo(16);
    assertThat(p.dataset().root()).isEqualTo("dataset");
  }

  @Test
  void read_misspeltKey_isAnErrorAtItsLineWithSuggestion() {
    List<Violation> errors =
        errorsOf(
            "name: x\ntrigger: zq_char\ndataset:\n  folders: []\ntraining:\n  learning_rat: 0.0002\n");
    assertThat(errors)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.ruleId()).isEqualTo("project-file.unknown-key");
              assertThat(v.location()).contains(SourceLocation.of(6, 3));
              assertThat(v.hint()).contains("learning_rate");
            });
  }

  @Test
  void read_wrongTypesAndValues_areAllReportedAtOnce() {
    List<Violation> errors =
        errorsOf(
            "name: x\ntrigger: zq_char\nbase_model: qwen-image-edit-2510\ndataset:\n  folders:\n"
                + "    - path: a\n      repeats: many\n      role: body\ntraining:\n  optimizer: adamw9bit\n");
    assertThat(errors)
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "base_model",
            "dataset.folders[0].repeats",
            "dataset.folders[0].role",
            "training.optimizer");
    assertThat(errors).allMatch(v -> v.location().isPresent());
    assertThat(
            errors.stream()
                .filter(v -> v.path().equals("dataset.folders[0].repeats"))
                .findFirst()
                .orElseThrow()
                .location())
        .contains(SourceLocation.of(7, 16));
  }

  @Test
  void read_missingRequiredKeys_areReported() {
    assertThat(errorsOf("name: x\n"))
        .extracting(Violation::ruleId)
        .containsOnly("project-file.missing-key")
        .hasSize(2);
  }

  @Test
  void read_duplicateKeyAndBadSyntax_areErrors() {
    assertThat(errorsOf("name: x\nname: y\ntrigger: t\ndataset: {folders: []}\n"))
        .extracting(Violation::ruleId)
        .contains("project-file.invalid-value");
    assertThatThrownBy(() -> ProjectLoader.read("name: [x\n"))
        .isInstanceOfSatisfying(
            LoraValidationException.class,
            e ->
                assertThat(e.report().errors())
                    .extracting(Violation::ruleId)
                    .containsExactly("project-file.syntax-error"));
  }

  @Test
  void load_schemaExampleOfTheDocs_isValid() throws Exception {
    String doc =
        Files.readString(Path.of(System.getProperty("basedir", "."), "../docs/project-file.md"));
    int schema = doc.indexOf("## Schema");
    int start = doc.indexOf("```yaml\n", schema) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```\n", start));
    LoraProject p = ProjectLoader.read(yaml);
    assertThat(p.dataset().folders().get(0).controlFolders())
        .containsExactly("control/40_maya_char");
    assertThat(p.sampling().prompts()).hasSize(2);
    assertThat(p.hardware().pricePerHour()).isPresent();
  }

  @Test
  void toYaml_isReadableAndDeterministic(@TempDir Path dir) throws Exception {
    String yaml = ProjectWriter.toYaml(TestProjects.guide());
    assertThat(yaml)
        .startsWith("# lorakit project file")
        .contains("base_model: \"qwen-image-edit-2509\"");
    assertThat(yaml).isEqualTo(ProjectWriter.toYaml(TestProjects.guide()));
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, yaml);
    assertThat(ProjectLoader.load(file)).isEqualTo(TestProjects.guide());
  }
}
