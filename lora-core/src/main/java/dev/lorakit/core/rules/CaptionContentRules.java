package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.Tag;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The guide's captioning rules for what a caption says: the trigger first, the required tags of
 * each folder, a framing tag on character images, no over-captioning, no repeated tag.
 *
 * <pre>{@code
 * boolean tooLong = caption.tags().size() > CaptionContentRules.MAX_TAGS;
 * String id = CaptionContentRules.MISSING_TRIGGER.id(); // "caption.missing-trigger"
 * }</pre>
 */
public final class CaptionContentRules {
  /** Tags above which a caption is over-captioned. */
  public static final int MAX_TAGS = 20;

  /** Words above which a caption is over-captioned. */
  public static final int MAX_WORDS = 75;

  /** A caption without the trigger word. */
  public static final RuleDescriptor MISSING_TRIGGER =
      dataset(
          "caption.missing-trigger",
          WARNING,
          "a caption without the trigger word",
          "ai-toolkit prepends the trigger to every non-regularisation caption that lacks it"
              + " (dataloader_mixins.py get_caption l.390-394, l.436; prompt_utils.py l.736-742"
              + " at 27a03a91), so the image trains as '<trigger> <caption>'; the guide still"
              + " writes it first, and other trainers do not add it",
          "put the trigger first in the caption",
          GUIDE + "Key Captioning Rules; ai-toolkit-audit.md row 13");

  /** A caption whose first tag is not the trigger. */
  public static final RuleDescriptor TRIGGER_NOT_FIRST =
      dataset(
          "caption.trigger-not-first",
          WARNING,
          "a caption whose first tag is not the trigger",
          "the guide starts every caption with the trigger; its position changes how strongly it"
              + " binds",
          "move the trigger to the front",
          GUIDE + "Key Captioning Rules");

  /** A body-realism caption without realistic_body (or another required tag). */
  public static final RuleDescriptor BODY_TAG_MISSING =
      dataset(
          "caption.body-tag-missing",
          ERROR,
          "a caption in a body-realism folder without realistic_body (or another required tag)",
          "realistic_body is what separates body realism from identity; without it body photos"
              + " overwrite the character",
          "add realistic_body right after the trigger",
          GUIDE + "Real Body Captions, Critical");

  /** realistic_body in a caption of a character folder. */
  public static final RuleDescriptor BODY_TAG_IN_CHARACTER =
      dataset(
          "caption.body-tag-in-character",
          WARNING,
          "realistic_body in a caption of a character folder",
          "the tag then no longer separates the two layers",
          "remove realistic_body from character captions",
          GUIDE + "Real Body Captions, Critical");

  /** A character caption without a framing tag. */
  public static final RuleDescriptor FRAMING_MISSING =
      dataset(
          "caption.framing-missing",
          WARNING,
          "a character caption without a framing tag (portrait, closeup, full body, cowboy"
              + " shot, upper body, half body)",
          "the guide describes framing in every caption so prompts can ask for a shot type",
          "add the shot's framing tag after the trigger",
          GUIDE + "Key Captioning Rules");

  /** A caption with more than 20 tags or 75 words. */
  public static final RuleDescriptor TOO_LONG =
      dataset(
          "caption.too-long",
          WARNING,
          "a caption with more than " + MAX_TAGS + " tags or " + MAX_WORDS + " words",
          "over-captioning makes the LoRA overfit to the tags (auto-taggers produce 30+)",
          "keep the trigger, framing, pose, lighting and background; drop the rest",
          GUIDE + "Key Captioning Rules");

  /** A tag repeated in one caption. */
  public static final RuleDescriptor DUPLICATE_TAG =
      dataset(
          "caption.duplicate-tag",
          INFO,
          "a tag repeated in one caption",
          "a double-captioning leftover; harmless but noisy",
          "dedupe tags with lorakit captions",
          "taggui #92");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET =
      List.of(
          MISSING_TRIGGER,
          TRIGGER_NOT_FIRST,
          BODY_TAG_MISSING,
          BODY_TAG_IN_CHARACTER,
          FRAMING_MISSING,
          TOO_LONG,
          DUPLICATE_TAG);

  private CaptionContentRules() {}

  /** One readable, non-empty caption of a training image. */
  static void content(DatasetWalk w, CaptionFile file, Caption caption, TriggerWord trigger) {
    if (!trigger.isBlank()) {
      if (!caption.containsTrigger(trigger)) {
        w.f(MISSING_TRIGGER)
            .report(
                file.path(),
                fmt("caption lacks the trigger '%s'", trigger.value()),
                fmt("put '%s' first in the caption", trigger.value()),
                caption.tags().get(0).text(),
                trigger.value());
      } else if (!caption.startsWith(trigger)) {
        w.f(TRIGGER_NOT_FIRST)
            .report(
                file.path(),
                fmt(
                    "trigger '%s' is tag %d, not the first",
                    trigger.value(), position(caption, trigger)),
                fmt("move '%s' to the front", trigger.value()),
                position(caption, trigger),
                1);
      }
    }
    Optional<DatasetFolder> folder = w.snapshot().folder(file.folder());
    FolderRole role = folder.map(DatasetFolder::role).orElse(FolderRole.CHARACTER);
    for (String required : folder.map(DatasetFolder::requiredTags).orElse(List.of())) {
      if (!caption.hasTag(required)) {
        w.f(BODY_TAG_MISSING)
            .report(
                file.path(),
                fmt("caption in %s lacks the required tag %s", file.folder(), required),
                fmt("add %s right after the trigger", required),
                null,
                required);
      }
    }
    if (role == FolderRole.CHARACTER && caption.hasTag(DatasetFolder.BODY_REALISM_TAG)) {
      w.f(BODY_TAG_IN_CHARACTER)
          .report(
              file.path(),
              fmt("character caption carries %s", DatasetFolder.BODY_REALISM_TAG),
              fmt(
                  "remove %s, or move the image to the body folder",
                  DatasetFolder.BODY_REALISM_TAG),
              DatasetFolder.BODY_REALISM_TAG,
              null);
    }
    if (role == FolderRole.CHARACTER && Framing.of(caption, Framing.SHOTS).isEmpty()) {
      w.f(FRAMING_MISSING)
          .report(
              file.path(),
              "caption names no framing (" + Framing.examples() + ")",
              "add the shot's framing tag after the trigger",
              null,
              null);
    }
    int tags = caption.tags().size();
    int words = caption.wordCount();
    if (tags > MAX_TAGS || words > MAX_WORDS) {
      w.f(TOO_LONG)
          .report(
              file.path(),
              fmt(
                  "caption has %d tags and %d words, above %d tags or %d words",
                  tags, words, MAX_TAGS, MAX_WORDS),
              "keep the trigger, framing, pose, lighting and background; drop the rest",
              tags > MAX_TAGS ? tags : words,
              tags > MAX_TAGS ? MAX_TAGS : MAX_WORDS);
    }
    Set<String> seen = new HashSet<>();
    for (Tag tag : caption.tags()) {
      String loose = tag.normalized().replace('_', ' ');
      if (!seen.add(loose)) {
        w.f(DUPLICATE_TAG)
            .report(
                file.path(),
                fmt("tag '%s' appears more than once", tag.text()),
                "dedupe the caption's tags",
                tag.text(),
                null);
        break;
      }
    }
  }

  private static int position(Caption caption, TriggerWord trigger) {
    for (int i = 0; i < caption.tags().size(); i++) {
      if (trigger.matches(caption.tags().get(i))) {
        return i + 1;
      }
    }
    return 0;
  }
}
