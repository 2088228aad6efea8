package dev.lorakit.runpod.training;

import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.pod.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.immutables.value.Value;

/**
 * Terminates pods that carry lorakit's name prefix ({@code lorakit-}) and that no run journal owns
 * ({@link RunJournal#livePods()}): the pods a killed process, a lost network or a bug left billing.
 * A pod of a run that is still going (its journal has no {@code finished}) is kept.
 *
 * <pre>{@code
 * Reaper.Result r = Reaper.reap(client, List.of(Path.of("runs")), false);
 * r.terminated().forEach(p -> System.out.println("terminated " + p));
 * }</pre>
 */
public final class Reaper {
  public static final String PREFIX = "lorakit-";

  private Reaper() {}

  /** What a reap found. */
  @Value.Immutable
  public abstract static class Result {
    /** {@code id name} of each orphan terminated (or, on a dry run, to terminate). */
    public abstract List<String> terminated();

    /** {@code id name} of each lorakit pod a journal owns. */
    public abstract List<String> kept();

    public abstract List<Path> journals();
  }

  /**
   * Reads every {@code journal.jsonl} directly in or one level under each root, then terminates
   * each unowned lorakit pod unless {@code dryRun}.
   */
  public static Result reap(RunpodClient client, List<Path> roots, boolean dryRun)
      throws IOException {
    Set<String> owned = new HashSet<>();
    List<Path> journals = new ArrayList<>();
    for (Path root : roots) {
      for (Path j : journals(root)) {
        journals.add(j);
        owned.addAll(RunJournal.open(j.getParent()).livePods());
      }
    }
    List<String> terminated = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (Pod p : client.listPods()) {
      if (!p.name().startsWith(PREFIX)) {
        continue;
      }
      String label = p.id() + " " + p.name();
      if (owned.contains(p.id()) || owned.contains(p.name())) {
        kept.add(label);
        continue;
      }
      if (!dryRun) {
        client.terminatePod(p.id());
      }
      terminated.add(label);
    }
    return ImmutableResult.builder().terminated(terminated).kept(kept).journals(journals).build();
  }

  private static List<Path> journals(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.isRegularFile(root.resolve(RunJournal.FILE_NAME))) {
      out.add(root.resolve(RunJournal.FILE_NAME));
    }
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        dirs.filter(Files::isDirectory)
            .map(d -> d.resolve(RunJournal.FILE_NAME))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(out::add);
      }
    }
    return out;
  }
}
