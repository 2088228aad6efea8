package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointRulesTest {

  @Test
  void descriptors_areTheConstantsAndTheInspectorReportsEachByConstant() throws Exception {
    List<RuleDescriptor> constants = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Field f : CheckpointRules.class.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers()) && f.getType() == RuleDescriptor.class) {
        constants.add((RuleDescriptor) f.get(null));
        names.add(f.getName());
      }
    }
    String inspector = read("LoraInspector.java");

    assertThat(CheckpointRules.descriptors()).containsExactlyInAnyOrderElementsOf(constants);
    assertThat(constants).extracting(RuleDescriptor::id).doesNotHaveDuplicates();
    assertThat(names).allSatisfy(n -> assertThat(inspector).contains("CheckpointRules." + n));
    assertThat(inspector).doesNotContain("\"checkpoint.");
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of("src/main/java/dev/lorakit/safetensors/lora/" + file));
  }
}
