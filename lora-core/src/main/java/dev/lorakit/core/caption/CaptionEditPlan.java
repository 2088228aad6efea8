package dev.lorakit.core.caption;

import dev.lorakit.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Caption edits planned over many files: a dry run shows the diff, {@link #apply()} writes each
 * changed file atomically (temporary file in the same folder, fsync, atomic rename), so a crash
 * leaves every caption either old or new. Files that are not UTF-8 are refused, never rewritten.
 *
 * <pre>{@code
 * CaptionEditPlan plan = CaptionEditPlan.of(root, captionPaths,
 *     CaptionEdit.triggerFirst(TriggerWord.of("maya_char")));
 * System.out.print(plan.diff());   // dry run
 * CaptionApplyResult result = plan.apply();
 * }</pre>
 */
public final class CaptionEditPlan {
  /** Caption files larger than this are refused; a caption is one line. */
  public static final int MAX_CAPTION_BYTES = 1 << 20;

  private final Path root;
  private final List<CaptionChange> changes;
  private final Map<String, Planned> planned;
  private final List<SkippedCaption> refused;
  private final int unchanged;

  private static final class Planned {
    /** Null for a file the plan creates. */
    final byte[] original;

    final byte[] replacement;

    Planned(byte[] original, byte[] replacement) {
      this.original = original;
      this.replacement = replacement;
    }
  }

  private CaptionEditPlan(
      Path root,
      List<CaptionChange> changes,
      Map<String, Planned> planned,
      List<SkippedCaption> refused,
      int unchanged) {
    this.root = root;
    this.changes = List.copyOf(changes);
    this.planned = planned;
    this.refused = List.copyOf(refused);
    this.unchanged = unchanged;
  }

  /** Plans one edit over caption files given by paths relative to {@code root}. */
  public static CaptionEditPlan of(Path root, Collection<String> captionPaths, CaptionEdit edit) {
    Objects.requireNonNull(edit, "edit");
    return ofEach(root, captionPaths, path -> edit);
  }

  /**
   * Plans an edit chosen per file, for edits limited to one folder: return {@link
   * CaptionEdit#none()} for files to leave alone.
   */
  public static CaptionEditPlan ofEach(
      Path root, Collection<String> captionPaths, Function<String, CaptionEdit> editFor) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(editFor, "editFor");
    List<String> paths = new ArrayList<>(captionPaths);
    paths.sort(Comparator.naturalOrder());
    Accumulator plan = new Accumulator();
    for (String path : paths) {
      Existing existing = plan.read(path, root.resolve(path));
      if (existing != null) {
        Caption before = Caption.parse(existing.text.text);
        plan.edit(
            path, existing, Objects.requireNonNull(editFor.apply(path), "edit").apply(before));
      }
    }
    return plan.build(root);
  }

  /** Files whose bytes the plan changes, in path order. */
  public List<CaptionChange> changes() {
    return changes;
  }

  /** Files the plan will not touch: not UTF-8, too large or unreadable. */
  public List<SkippedCaption> refused() {
    return refused;
  }

  /** Files the edit leaves byte for byte as they are. */
  public int unchanged() {
    return unchanged;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Plans captions a tagger proposes, one per caption path (dataset-relative, {@code stem.txt} next
   * to its image), each edited by {@code editFor} (trigger first, removals). A path without a
   * caption file gets a new one; a path with one keeps it byte for byte unless {@code overwrite},
   * which replaces its text and keeps its byte-order mark and line ending. New files are written
   * without a final newline, as the guide's captions are one line.
   */
  public static CaptionEditPlan ofGenerated(
      Path root,
      Map<String, Caption> proposed,
      Function<String, CaptionEdit> editFor,
      boolean overwrite) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(editFor, "editFor");
    List<String> paths = new ArrayList<>(proposed.keySet());
    paths.sort(Comparator.naturalOrder());
    Accumulator plan = new Accumulator();
    for (String path : paths) {
      Caption after =
          Objects.requireNonNull(editFor.apply(path), "edit")
              .apply(Objects.requireNonNull(proposed.get(path), "caption"));
      Path file = root.resolve(path);
      if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        plan.changes.add(CaptionChange.of(path, "", after.text()));
        plan.planned.put(path, new Planned(null, after.text().getBytes(StandardCharsets.UTF_8)));
      } else if (!overwrite) {
        plan.unchanged++;
      } else {
        Existing existing = plan.read(path, file);
        if (existing != null) {
          plan.edit(path, existing, after);
        }
      }
    }
    return plan.build(root);
  }

  /** A caption file read for an edit: its bytes and decoded text. */
  private static final class Existing {
    final byte[] bytes;
    final CaptionText text;

    Existing(byte[] bytes, CaptionText text) {
      this.bytes = bytes;
      this.text = text;
    }
  }

  /** The plan being built, in path order. */
  private static final class Accumulator {
    final List<CaptionChange> changes = new ArrayList<>();
    final Map<String, Planned> planned = new LinkedHashMap<>();
    final List<SkippedCaption> refused = new ArrayList<>();
    int unchanged;

    /**
     * Reads a caption file for an edit; {@code null}, with the reason recorded as refused, when it
     * is too large, unreadable or not UTF-8.
     */
    Existing read(String path, Path file) {
      byte[] bytes;
      try {
        long size = Files.size(file);
        if (size > MAX_CAPTION_BYTES) {
          refused.add(
              SkippedCaption.of(
                  path,
                  String.format(
                      Locale.ROOT,
                      "%d bytes is above the %d a caption may have",
                      size,
                      MAX_CAPTION_BYTES)));
          return null;
        }
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        refused.add(SkippedCaption.of(path, describe(e)));
        return null;
      }
      try {
        return new Existing(bytes, CaptionText.decode(bytes));
      } catch (CaptionText.NotUtf8 e) {
        refused.add(SkippedCaption.of(path, "not UTF-8 (" + e.getMessage() + "); not edited"));
        return null;
      }
    }

    /** Records {@code after} over an existing file: a change unless its bytes stay the same. */
    void edit(String path, Existing existing, Caption after) {
      byte[] replacement = existing.text.encode(after);
      if (Arrays.equals(existing.bytes, replacement)) {
        unchanged++;
        return;
      }
      changes.add(CaptionChange.of(path, existing.text.text.strip(), after.text()));
      planned.put(path, new Planned(existing.bytes, replacement));
    }

    CaptionEditPlan build(Path root) {
      return new CaptionEditPlan(root, changes, planned, refused, unchanged);
    }
  }

  /** A unified diff of every change, paths relative to the root; empty when nothing changes. */
  public String diff() {
    StringBuilder out = new StringBuilder();
    for (CaptionChange c : changes) {
      if (planned.get(c.path()).original == null) {
        out.append("--- /dev/null\n");
        out.append("+++ b/").append(c.path()).append('\n');
        out.append("@@ -0,0 +1 @@\n");
        out.append('+').append(c.after()).append('\n');
        continue;
      }
      out.append("--- a/").append(c.path()).append('\n');
      out.append("+++ b/").append(c.path()).append('\n');
      out.append("@@ -1 +1 @@\n");
      out.append('-').append(c.before().replace("\r\n", "\n").replace("\n", "\n-")).append('\n');
      out.append('+').append(c.after()).append('\n');
    }
    return out.toString();
  }

  /**
   * Writes every change atomically. A file that changed on disk since planning is skipped, never
   * overwritten; an I/O failure skips that file and the rest go on.
   */
  public CaptionApplyResult apply() {
    ImmutableCaptionApplyResult.Builder result = CaptionApplyResult.builder();
    for (CaptionChange change : changes) {
      Planned p = planned.get(change.path());
      Path file = root.resolve(change.path());
      try {
        if (p.original == null) {
          if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            result.addSkipped(
                SkippedCaption.of(change.path(), "created on disk since the plan was made"));
          } else {
            AtomicFiles.write(file, p.replacement);
            result.addWritten(change.path());
          }
          continue;
        }
        byte[] now = Files.readAllBytes(file);
        if (!Arrays.equals(now, p.original)) {
          result.addSkipped(
              SkippedCaption.of(change.path(), "changed on disk since the plan was made"));
          continue;
        }
        AtomicFiles.write(file, p.replacement);
        result.addWritten(change.path());
      } catch (IOException e) {
        result.addSkipped(SkippedCaption.of(change.path(), describe(e)));
      }
    }
    return result.build();
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "file not found";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return "cannot be read or written: " + (m == null ? e.getClass().getSimpleName() : m);
  }
}
