package dev.lorakit.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.BaseModel;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TrainerVersionTest {

  @Test
  void pinned_isTheImageCommitWithEveryCurrentFact() {
    // ostris/aitoolkit:0.12.26 runs 27a03a91 (2026-08-21)
    assertThat(TrainerVersion.PINNED.date()).isEqualTo(LocalDate.of(2026, 8, 21));
    assertThat(TrainerVersion.parse("0.12.26")).hasValue(TrainerVersion.PINNED);
    assertThat(TrainerVersion.parse("27a03a91")).hasValue(TrainerVersion.PINNED);
    assertThat(TrainerVersion.PINNED.hasInt8()).isTrue();
    assertThat(TrainerVersion.PINNED.nearestAreaBuckets()).isTrue();
    assertThat(TrainerVersion.PINNED.lokrFullRankByDefault()).isTrue();
    for (BaseModel m : BaseModel.values()) {
      assertThat(m.supportedBy(TrainerVersion.PINNED)).as(m.id()).isTrue();
    }
  }

  @Test
  void parse_date_keysEachFactByItsCommitDate() {
    // 17153583 int8 (2026-03-30), 15082cfb buckets (2026-05-28), 0c3a5e69 lokr (2026-07-25)
    TrainerVersion march = TrainerVersion.parse("2026-03-29").orElseThrow();
    assertThat(march.hasInt8()).isFalse();
    assertThat(TrainerVersion.parse("2026-03-30").orElseThrow().hasInt8()).isTrue();
    assertThat(TrainerVersion.parse("2026-05-27").orElseThrow().nearestAreaBuckets()).isFalse();
    assertThat(TrainerVersion.parse("2026-05-28").orElseThrow().nearestAreaBuckets()).isTrue();
    assertThat(TrainerVersion.parse("2026-07-24").orElseThrow().lokrFullRankByDefault()).isFalse();
    assertThat(TrainerVersion.parse("2026-07-25").orElseThrow().lokrFullRankByDefault()).isTrue();
    TrainerVersion before2512 = TrainerVersion.parse("2025-12-22").orElseThrow();
    assertThat(BaseModel.QWEN_IMAGE_2512.supportedBy(before2512)).isFalse();
    assertThat(BaseModel.QWEN_IMAGE_EDIT_2509.supportedBy(before2512)).isTrue();
    assertThat(TrainerVersion.parse("next week")).isEmpty();
  }
}
