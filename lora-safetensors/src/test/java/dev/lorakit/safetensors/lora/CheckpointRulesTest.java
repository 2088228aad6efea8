package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CheckpointRulesTest {

  @Test
  void descriptors_coverEveryRuleIdTheInspectorReports() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/dev/lorakit/safetensors/lora/LoraInspector.java"));
    Matcher m = Pattern.compile("\"(checkpoint\\.[a-z-]+)\"").matcher(source);
    Set<String> used = new java.util.TreeSet<>();
    while (m.find()) {
      used.add(m.group(1));
    }

    Set<String> documented =
        CheckpointRules.descriptors().stream().map(RuleDescriptor::id).collect(Collectors.toSet());

    assertThat(used).isNotEmpty();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(used);
  }
}
