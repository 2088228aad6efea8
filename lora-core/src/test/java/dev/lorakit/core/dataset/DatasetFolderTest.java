package dev.lorakit.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatasetFolderTest {

  @Test
  void fromFolderName_kohyaName_parsesRepeatsAndRole() {
    DatasetFolder character = DatasetFolder.fromFolderName("dataset/40_maya_char");
    DatasetFolder body = DatasetFolder.fromFolderName("20_maya_char_realbody");

    assertThat(character.repeats()).isEqualTo(40);
    assertThat(character.role()).isEqualTo(FolderRole.CHARACTER);
    assertThat(character.name()).isEqualTo("40_maya_char");
    assertThat(body.repeats()).isEqualTo(20);
    assertThat(body.role()).isEqualTo(FolderRole.BODY_REALISM);
    assertThat(body.requiredTags()).containsExactly("realistic_body");
  }

  @Test
  void fromFolderName_noNumber_oneRepeat() {
    assertThat(DatasetFolder.fromFolderName("maya").repeats()).isEqualTo(1);
    assertThat(KohyaFolderName.parse("maya")).isEmpty();
    assertThat(KohyaFolderName.parse("_maya")).isEmpty();
  }

  @Test
  void guess_rolesFromNames() {
    assertThat(FolderRole.guess("1_woman_reg")).isEqualTo(FolderRole.REGULARIZATION);
    assertThat(FolderRole.guess("regularization")).isEqualTo(FolderRole.REGULARIZATION);
    assertThat(FolderRole.guess("control")).isEqualTo(FolderRole.CONTROL);
    assertThat(FolderRole.guess("40_gregor")).isEqualTo(FolderRole.CHARACTER);
  }

  @Test
  void samplesPerEpoch_imagesTimesRepeats() {
    DatasetFolder folder = DatasetFolder.fromFolderName("40_maya_char").withImageCount(70);

    assertThat(folder.samplesPerEpoch()).hasValue(2800);
  }
}
