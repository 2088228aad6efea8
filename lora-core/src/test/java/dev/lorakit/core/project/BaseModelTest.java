package dev.lorakit.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Expected values are ai-toolkit's: {@code ui/src/app/jobs/new/options.tsx} (arch, tag, repository,
 * ARA per model, ai-toolkit-audit.md row 10) and {@code toolkit/config_modules.py} ModelConfig
 * l.767, which strips the {@code :tag}; dates from landscape-2026.md §1 (commits 57a2ab12,
 * 4d5a649a).
 */
class BaseModelTest {

  @Test
  void fromId_kebabIdsEnumNamesAndRepositories() {
    assertThat(BaseModel.fromId("qwen-image-edit-2509")).contains(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(BaseModel.fromId("qwen-image-2512")).contains(BaseModel.QWEN_IMAGE_2512);
    assertThat(BaseModel.fromId("qwen-image-edit-2511")).contains(BaseModel.QWEN_IMAGE_EDIT_2511);
    assertThat(BaseModel.fromId("Qwen/Qwen-Image")).contains(BaseModel.QWEN_IMAGE);
    assertThat(BaseModel.fromId("Qwen/Qwen-Image-2512")).contains(BaseModel.QWEN_IMAGE_2512);
    assertThat(BaseModel.fromId("qwen/qwen-image-edit-2511"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2511);
    assertThat(BaseModel.fromId("sdxl")).isEmpty();
  }

  @Test
  void fromArch_tagSelectsTheModelAndBareArchIsTheOriginal() {
    assertThat(BaseModel.fromArch("qwen_image")).contains(BaseModel.QWEN_IMAGE);
    assertThat(BaseModel.fromArch("qwen_image:2512")).contains(BaseModel.QWEN_IMAGE_2512);
    assertThat(BaseModel.fromArch("qwen_image_edit")).contains(BaseModel.QWEN_IMAGE_EDIT);
    assertThat(BaseModel.fromArch("qwen_image_edit_plus")).contains(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(BaseModel.fromArch("qwen_image_edit_plus:2511"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2511);
    // An unknown tag builds the same model class (the tag is stripped): the untagged model.
    assertThat(BaseModel.fromArch("qwen_image_edit_plus:2609"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(BaseModel.fromArch("flux")).isEmpty();
  }

  @Test
  void fromConfig_repositoryWinsOverArch() {
    // The #480 workaround: arch qwen_image with the Edit-2511 weights is still Edit-2511.
    assertThat(BaseModel.fromConfig("qwen_image", "Qwen/Qwen-Image-Edit-2511"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2511);
    assertThat(BaseModel.fromConfig("qwen_image:2512", "/models/my-local-copy"))
        .contains(BaseModel.QWEN_IMAGE_2512);
    assertThat(BaseModel.fromConfig("", "")).isEmpty();
  }

  @Test
  void aiToolkitArch_isTheUisTaggedForm() {
    assertThat(BaseModel.QWEN_IMAGE_2512.arch()).isEqualTo("qwen_image");
    assertThat(BaseModel.QWEN_IMAGE_2512.aiToolkitArch()).isEqualTo("qwen_image:2512");
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2511.arch()).isEqualTo("qwen_image_edit_plus");
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2511.aiToolkitArch())
        .isEqualTo("qwen_image_edit_plus:2511");
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2509.aiToolkitArch()).isEqualTo("qwen_image_edit_plus");
    for (BaseModel m : BaseModel.values()) {
      assertThat(BaseModel.fromArch(m.aiToolkitArch())).contains(m);
    }
  }

  @Test
  void adapters_perModelAndQtype() {
    assertThat(BaseModel.QWEN_IMAGE_2512.accuracyRecoveryAdapter("uint3"))
        .contains("ostris/accuracy_recovery_adapters/qwen_image_2512_torchao_uint3.safetensors");
    assertThat(BaseModel.QWEN_IMAGE_2512.accuracyRecoveryAdapter("uint4"))
        .contains("ostris/accuracy_recovery_adapters/qwen_image_2512_torchao_uint4.safetensors");
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2511.accuracyRecoveryAdapter("uint3"))
        .contains(
            "ostris/accuracy_recovery_adapters/qwen_image_edit_2511_torchao_uint3.safetensors");
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2511.accuracyRecoveryAdapter("uint4")).isEmpty();
    for (BaseModel m : BaseModel.values()) {
      assertThat(m.accuracyRecoveryAdapters())
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.split("/")).hasSize(3))
          .allSatisfy(a -> assertThat(BaseModel.forAdapter(a)).contains(m));
    }
  }

  @Test
  void forAdapter_longestModelPrefixWins() {
    assertThat(BaseModel.forAdapter("qwen_image_edit_2509_torchao_uint3.safetensors"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(BaseModel.forAdapter("hub/x/qwen_image_2512_torchao_uint2.safetensors"))
        .contains(BaseModel.QWEN_IMAGE_2512);
    assertThat(BaseModel.forAdapter("qwen_image_torchao_uint4.safetensors"))
        .contains(BaseModel.QWEN_IMAGE);
    assertThat(BaseModel.forAdapter("flux_torchao_uint3.safetensors")).isEmpty();
  }

  @Test
  void controls_editModelsNeedThemWithAiToolkitOnly() {
    BaseModel m = BaseModel.QWEN_IMAGE_EDIT_2509;

    assertThat(m.needsControlImages()).isTrue();
    assertThat(m.needsControlImages(BaseModel.Trainer.MUSUBI_TUNER)).isFalse();
    assertThat(m.maxControlImages()).isEqualTo(3);
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2511.maxControlImages()).isEqualTo(3);
    assertThat(BaseModel.QWEN_IMAGE_EDIT.maxControlImages()).isEqualTo(1);
    assertThat(BaseModel.QWEN_IMAGE.needsControlImages()).isFalse();
    assertThat(BaseModel.QWEN_IMAGE_2512.needsControlImages()).isFalse();
    assertThat(m.textOnlyArch()).isEqualTo("qwen_image");
    assertThat(m.bucketDivisibility()).isEqualTo(32);
  }

  @Test
  void facts_licenceDatesAndInspectorMappings() {
    assertThat(BaseModel.values()).allSatisfy(m -> assertThat(m.licence()).isEqualTo("Apache-2.0"));
    assertThat(BaseModel.QWEN_IMAGE_2512.aiToolkitSince()).contains(LocalDate.of(2025, 12, 31));
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2511.aiToolkitSince())
        .contains(LocalDate.of(2025, 12, 23));
    assertThat(BaseModel.withModelSpecArchitecture("Qwen-Image"))
        .containsExactly(BaseModel.QWEN_IMAGE, BaseModel.QWEN_IMAGE_2512);
    assertThat(BaseModel.withBaseModelVersion("qwen_image", false))
        .containsExactly(BaseModel.values());
    assertThat(BaseModel.withBaseModelVersion("qwen_image_edit", true))
        .containsExactly(
            BaseModel.QWEN_IMAGE_EDIT,
            BaseModel.QWEN_IMAGE_EDIT_2509,
            BaseModel.QWEN_IMAGE_EDIT_2511);
  }
}
