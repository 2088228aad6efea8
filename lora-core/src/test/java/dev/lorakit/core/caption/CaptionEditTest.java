package dev.lorakit.core.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionEditTest {
  private static String run(CaptionEdit edit, String caption) {
    return edit.apply(Caption.parse(caption)).text();
  }

  @Test
  void triggerFirst_triggerLaterOrMissing_movedOrAdded() {
    CaptionEdit edit = CaptionEdit.triggerFirst(TriggerWord.of("maya_char"));
    assertThat(run(edit, "portrait, Maya_Char, smiling")).isEqualTo("maya_char, portrait, smiling");
    assertThat(run(edit, "portrait")).isEqualTo("maya_char, portrait");
    assertThat(run(edit, "maya_char, portrait")).isEqualTo("maya_char, portrait");
  }

  @Test
  void addTag_presentOrAbsent_addedOnceAtPosition() {
    assertThat(run(CaptionEdit.addTag("realistic_body", 1), "maya_char, legs"))
        .isEqualTo("maya_char, realistic_body, legs");
    assertThat(run(CaptionEdit.addTag("realistic body"), "maya_char, realistic_body"))
        .isEqualTo("maya_char, realistic_body");
    assertThat(run(CaptionEdit.addTag("smiling"), "maya_char")).isEqualTo("maya_char, smiling");
  }

  @Test
  void removeTag_everyOccurrence_removed() {
    assertThat(run(CaptionEdit.removeTag("high quality"), "a, High_Quality, b, high quality"))
        .isEqualTo("a, b");
  }

  @Test
  void replaceTag_withItselfOrExisting_keepsOneCopy() {
    assertThat(run(CaptionEdit.replaceTag("closeup", "portrait"), "x, closeup, smiling"))
        .isEqualTo("x, portrait, smiling");
    assertThat(run(CaptionEdit.replaceTag("closeup", "portrait"), "x, portrait, closeup"))
        .isEqualTo("x, portrait");
    assertThat(run(CaptionEdit.replaceTag("portrait", "portrait"), "x, portrait"))
        .isEqualTo("x, portrait");
    assertThat(run(CaptionEdit.replaceTag("absent", "y"), "x, portrait")).isEqualTo("x, portrait");
  }

  @Test
  void dedupeAndNormalize_messyCaption_tidied() {
    assertThat(
            run(
                CaptionEdit.normalize().andThen(CaptionEdit.dedupe()),
                "  maya_char ,portrait.,,  soft   lighting, Portrait, maya char"))
        .isEqualTo("maya_char, portrait, soft lighting");
  }

  @Test
  void addTag_blankOrWithComma_rejected() {
    assertThatThrownBy(() -> CaptionEdit.addTag(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CaptionEdit.addTag("a, b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tagStatistics_countsCaptionsNotOccurrences() {
    TagStatistics stats =
        TagStatistics.of(
            List.of(
                Caption.parse("maya_char, portrait, portrait"),
                Caption.parse("maya_char, full body"),
                Caption.parse("Maya_Char, Portrait, typo")));
    assertThat(stats.captionCount()).isEqualTo(3);
    assertThat(stats.count("maya char")).isEqualTo(3);
    assertThat(stats.count("portrait")).isEqualTo(2);
    assertThat(stats.top(2))
        .containsExactly(TagCount.of("maya_char", 3), TagCount.of("portrait", 2));
    assertThat(stats.singletons()).extracting(TagCount::tag).containsExactly("full body", "typo");
  }
}
