package dev.lorakit.core.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The guide's six troubleshooting symptoms, seen when testing checkpoints. */
public enum Symptom {
  PLASTIC_SKIN("plastic/AI-looking skin"),
  FACE_INCONSISTENCY("face inconsistency"),
  BACKGROUND_BLEED("background/lighting bleed"),
  WRONG_PROPORTIONS("body proportions incorrect"),
  OVERFIT("overfit: memorising training images"),
  UNDERFIT("underfit: not learning the character");

  private final String description;

  Symptom(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The kebab-case id used on the command line: {@code background-bleed}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Symptom> fromId(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values()).filter(s -> s.id().equals(wanted)).findFirst();
  }
}
