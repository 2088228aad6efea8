package dev.lorakit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobNamesTest {
  /** RFC 1123 label, as the API server's IsDNS1123Label checks it (Job and ConfigMap names). */
  static final String DNS1123 = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  /** A label value, as IsValidLabelValue checks it. */
  static final String LABEL = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

  @Test
  void dns1123_ofAnArmName_isItsLowerCaseWithDashes() {
    assertThat(JobNames.dns1123("maya_lora_lr1e-4_r8")).isEqualTo("maya-lora-lr1e-4-r8");
    assertThat(JobNames.dns1123("Maya LoRA_lr0.0001_r16")).isEqualTo("maya-lora-lr0-0001-r16");
  }

  @Test
  void dns1123_ofALongName_isCutWithAHash_soTwoLongNamesStayTwo() {
    String base = "a_character_lora_with_a_long_descriptive_name_for_the_studio";
    String a = JobNames.dns1123(base + "_lr1e-4_r8");
    String b = JobNames.dns1123(base + "_lr2e-4_r8");
    assertThat(a).hasSizeLessThanOrEqualTo(63).matches(DNS1123);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void labelValue_ofAnArmName_isTheName() {
    assertThat(JobNames.labelValue("maya_lora_lr1e-4_r8")).isEqualTo("maya_lora_lr1e-4_r8");
  }
}
