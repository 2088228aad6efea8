package dev.lorakit.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaseModelTest {

  @Test
  void fromId_kebabIdsArchAndRepository() {
    assertThat(BaseModel.fromId("qwen-image-edit-2509")).contains(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(BaseModel.fromId("Qwen/Qwen-Image")).contains(BaseModel.QWEN_IMAGE);
    assertThat(BaseModel.fromId("sdxl")).isEmpty();
    assertThat(BaseModel.fromArch("qwen_image_edit_plus:2511"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2509);
  }

  @Test
  void capabilities_edit2509NeedsThreeControlImages() {
    BaseModel m = BaseModel.QWEN_IMAGE_EDIT_2509;

    assertThat(m.arch()).isEqualTo("qwen_image_edit_plus");
    assertThat(m.needsControlImages()).isTrue();
    assertThat(m.maxControlImages()).isEqualTo(3);
    assertThat(m.bucketDivisibility()).isEqualTo(32);
    assertThat(m.accuracyRecoveryAdapters()).allSatisfy(a -> assertThat(a.split("/")).hasSize(3));
    assertThat(BaseModel.QWEN_IMAGE.needsControlImages()).isFalse();
  }
}
