package dev.lorakit.core.caption;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptionTest {

  @Test
  void parse_guideCaption_keepsOrderAndDropsBlanks() {
    Caption c = Caption.parse("maya_char,  portrait , smiling,, soft   lighting\r\n");

    assertThat(c.tags())
        .extracting(Tag::text)
        .containsExactly("maya_char", "portrait", "smiling", "soft lighting");
    assertThat(c.text()).isEqualTo("maya_char, portrait, smiling, soft lighting");
    assertThat(c.wordCount()).isEqualTo(5);
  }

  @Test
  void startsWith_triggerIgnoringCase() {
    TriggerWord trigger = TriggerWord.of("Maya_Char");

    assertThat(Caption.parse("maya_char, portrait").startsWith(trigger)).isTrue();
    assertThat(Caption.parse("portrait, maya_char").startsWith(trigger)).isFalse();
    assertThat(Caption.parse("portrait, maya_char").containsTrigger(trigger)).isTrue();
    assertThat(Caption.parse("").startsWith(trigger)).isFalse();
  }

  @Test
  void hasTag_treatsUnderscoreAndSpaceAlike() {
    Caption c = Caption.parse("maya_char, Full Body, realistic body");

    assertThat(c.hasTag("full_body")).isTrue();
    assertThat(c.hasTag("realistic_body")).isTrue();
    assertThat(c.hasTag("portrait")).isFalse();
  }
}
