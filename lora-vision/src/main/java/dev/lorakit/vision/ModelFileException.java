package dev.lorakit.vision;

/**
 * A model or label file that is missing, unreadable or not the model lorakit expects. Its message
 * is one line naming the file; {@link #fix()} says what to do (where to get the file).
 *
 * <pre>{@code
 * try {
 *   Wd14Tagger.open(model, tags);
 * } catch (ModelFileException e) {
 *   System.err.println(e.getMessage() + "; fix: " + e.fix());
 * }
 * }</pre>
 */
public final class ModelFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String fix;

  ModelFileException(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  /** What to do, imperative. */
  public String fix() {
    return fix;
  }
}
