package dev.lorakit.core.validation;

import java.util.Locale;
import java.util.Objects;

/**
 * What a rule looks at: a project, a dataset on disk, a config file, a checkpoint report, a
 * training run, a ComfyUI workflow. The kernel knows no domain type; the package that owns the type
 * declares its subject once as a constant, and every rule over that type names it.
 *
 * <pre>{@code
 * public static final Subject<LoraProject> PROJECT =
 *     Subject.of("project", 10, "Project rules", LoraProject.class);
 * }</pre>
 *
 * <p>Two subjects are equal when their ids are equal; the id is what the catalogue groups by.
 */
public final class Subject<S> {
  /** Checklist items no file can decide: they have no check and no subject value. */
  public static final Subject<Void> MANUAL =
      new Subject<>("manual", 1000, "Manual checklist", Void.class);

  /** The kernel's own rules (a rule that threw). */
  public static final Subject<Void> ENGINE =
      new Subject<>("engine", 900, "Engine rules", Void.class);

  private final String id;
  private final int order;
  private final String title;
  private final Class<S> type;

  private Subject(String id, int order, String title, Class<S> type) {
    if (!id.matches("[a-z]+(-[a-z]+)*")) {
      throw new IllegalArgumentException("subject id must be kebab-case: " + id);
    }
    this.id = id;
    this.order = order;
    this.title = Objects.requireNonNull(title, "title");
    this.type = Objects.requireNonNull(type, "type");
  }

  /**
   * A subject over values of {@code type}.
   *
   * @param order where its section appears in the catalogue, lower first
   */
  public static <S> Subject<S> of(String id, int order, String title, Class<S> type) {
    return new Subject<>(id, order, title, type);
  }

  public String id() {
    return id;
  }

  /** Position of the subject's section in {@code docs/rules.md}. */
  public int order() {
    return order;
  }

  /** Section title in {@code docs/rules.md}, such as "Project rules". */
  public String title() {
    return title;
  }

  public Class<S> type() {
    return type;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Subject<?> s && s.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Subject[" + id.toLowerCase(Locale.ROOT) + "]";
  }
}
