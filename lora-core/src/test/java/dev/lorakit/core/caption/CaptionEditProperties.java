package dev.lorakit.core.caption;

import static org.quicktheories.QuickTheory.qt;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class CaptionEditProperties {
  private static final String[] WORDS = {
    "maya_char",
    "Maya_Char",
    "portrait",
    "full body",
    "full_body",
    "smiling",
    " soft  lighting ",
    "realistic_body",
    "legs",
    "",
    "  ",
    "closeup",
    "Portrait."
  };

  private static Gen<String> captions() {
    return SourceDSL.lists()
        .of(Generate.pick(java.util.List.of(WORDS)))
        .ofSizeBetween(0, 12)
        .map(l -> String.join(",", l));
  }

  @org.junit.jupiter.api.Test
  void triggerFirst_anyCaption_startsWithTriggerAndIsIdempotent() {
    TriggerWord trigger = TriggerWord.of("maya_char");
    CaptionEdit edit = CaptionEdit.triggerFirst(trigger);
    qt().forAll(captions())
        .check(
            text -> {
              Caption once = edit.apply(Caption.parse(text));
              Caption twice = edit.apply(once);
              return once.startsWith(trigger)
                  && once.equals(twice)
                  && once.tags().stream().filter(trigger::matches).count() == 1;
            });
  }

  @org.junit.jupiter.api.Test
  void dedupe_anyCaption_idempotentAndKeepsEveryTag() {
    CaptionEdit dedupe = CaptionEdit.dedupe();
    qt().forAll(captions())
        .check(
            text -> {
              Caption c = Caption.parse(text);
              Caption once = dedupe.apply(c);
              return once.equals(dedupe.apply(once))
                  && c.tags().stream().allMatch(t -> once.hasTag(t.text()));
            });
  }

  @org.junit.jupiter.api.Test
  void replaceWithItself_anyCaption_keepsTheTag() {
    qt().forAll(captions(), Generate.pick(java.util.List.of("portrait", "legs", "maya_char")))
        .check(
            (text, tag) -> {
              Caption c = Caption.parse(text);
              Caption out = CaptionEdit.replaceTag(tag, tag).apply(c);
              return c.hasTag(tag) == out.hasTag(tag);
            });
  }

  @org.junit.jupiter.api.Test
  void encode_anyCaption_decodesToTheSameCaption() {
    qt().forAll(captions(), SourceDSL.booleans().all(), SourceDSL.booleans().all())
        .check(
            (text, bom, crlf) -> {
              String original = (bom ? "\ufeff" : "") + text + (crlf ? "\r\n" : "\n");
              try {
                CaptionText decoded =
                    CaptionText.decode(original.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                Caption c = Caption.parse(decoded.text);
                CaptionText again = CaptionText.decode(decoded.encode(c));
                return Caption.parse(again.text).equals(c) && again.bom == bom;
              } catch (CaptionText.NotUtf8 e) {
                return false;
              }
            });
  }
}
