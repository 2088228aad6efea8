package dev.lorakit.core.rules;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The guide's shot types, inferred from framing and body-part tags. */
enum Framing {
  FACE(
      "face closeups",
      20,
      "portrait",
      "closeup",
      "close-up",
      "close up",
      "headshot",
      "face closeup",
      "face focus",
      "extreme closeup",
      "face"),
  FULL_BODY("full body shots", 30, "full body", "full-body", "full shot", "wide shot", "long shot"),
  VARIETY(
      "body variety shots",
      20,
      "cowboy shot",
      "upper body",
      "half body",
      "medium shot",
      "waist up",
      "knee shot",
      "bust shot",
      "mid shot",
      "three-quarter shot",
      "lower body"),
  // Body-realism parts (guide: 10 legs, 10 torso, 10 full-body detail).
  LEGS("leg shots", 10, "legs", "legs and hips", "leg", "thighs", "feet", "hips"),
  TORSO("torso shots", 10, "torso", "back", "abs", "chest", "shoulders", "midriff", "arms"),
  BODY_DETAIL("full-body detail shots", 10, "full body detail", "full body", "full-body detail");

  static final List<Framing> SHOTS = List.of(FACE, FULL_BODY, VARIETY);
  static final List<Framing> BODY_PARTS = List.of(LEGS, TORSO, BODY_DETAIL);

  private final String label;
  private final int guideCount;
  private final List<String> tags;

  Framing(String label, int guideCount, String... tags) {
    this.label = label;
    this.guideCount = guideCount;
    this.tags = List.of(tags);
  }

  String label() {
    return label;
  }

  int guideCount() {
    return guideCount;
  }

  /** The first of {@code candidates} whose tags the caption carries, in caption order. */
  static Optional<Framing> of(Caption caption, List<Framing> candidates) {
    for (Tag tag : caption.tags()) {
      Framing f = BY_TAG.get(tag.normalized().replace('_', ' '));
      if (f != null && candidates.contains(f)) {
        return Optional.of(f);
      }
      // "full body" is a shot for the character and a part for the body folder.
      if (f == FULL_BODY && candidates.contains(BODY_DETAIL)) {
        return Optional.of(BODY_DETAIL);
      }
    }
    return Optional.empty();
  }

  private static final Map<String, Framing> BY_TAG = byTag();

  private static Map<String, Framing> byTag() {
    Map<String, Framing> map = new HashMap<>();
    for (Framing f : values()) {
      for (String t : f.tags) {
        map.putIfAbsent(t.replace('_', ' '), f);
      }
    }
    return Map.copyOf(map);
  }

  /** Every framing tag of the character shots, for messages. */
  static String examples() {
    return "portrait, closeup, full body, cowboy shot, upper body, half body";
  }
}
