package dev.lorakit.cli;

import dev.lorakit.core.caption.CaptionApplyResult;
import dev.lorakit.core.caption.CaptionEdit;
import dev.lorakit.core.caption.CaptionEditPlan;
import dev.lorakit.core.caption.SkippedCaption;
import dev.lorakit.core.caption.TagStatistics;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetScanException;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit captions}: bulk caption edits as a plan, shown as a diff, applied atomically (each
 * file is either old or new after a crash, never truncated).
 */
@Command(
    name = "captions",
    mixinStandardHelpOptions = true,
    subcommands = {CaptionsGenerateCommand.class},
    description =
        "Bulk caption edits with a diff; --dry-run shows the diff only. Prints tag counts without edits.")
final class CaptionsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DATASET",
      description = "Dataset folder with N_name subfolders.")
  Path root;

  @Option(
      names = "--add-trigger",
      paramLabel = "T",
      description = "Put trigger T first in every caption.")
  String addTrigger;

  @Option(
      names = "--add-tag",
      paramLabel = "X",
      description = "Add tag X (to --folder only, if given).")
  List<String> addTags = new ArrayList<>();

  @Option(names = "--folder", paramLabel = "F", description = "Limit --add-tag to folder F.")
  String folder;

  @Option(names = "--remove-tag", paramLabel = "Y", description = "Remove tag Y everywhere.")
  List<String> removeTags = new ArrayList<>();

  @Option(names = "--replace", paramLabel = "A=B", description = "Replace tag A with B.")
  List<String> replacements = new ArrayList<>();

  @Option(names = "--dedupe", description = "Remove repeated tags.")
  boolean dedupe;

  @Option(names = "--dry-run", description = "Show the diff, write nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (root == null) {
      throw new UserException(
          "no dataset folder given",
          "run 'lorakit captions DATASET' or 'lorakit captions generate'");
    }
    DatasetSnapshot snap;
    try {
      snap = DatasetScanner.of(ScanOptions.builder().build()).scan(root);
    } catch (DatasetScanException e) {
      throw new UserException(e.getMessage(), "give the dataset folder that holds 40_name folders");
    }
    List<String> captions = new ArrayList<>();
    for (CaptionFile c : snap.captions()) {
      captions.add(c.path());
    }
    PrintWriter out = spec.commandLine().getOut();
    CaptionEdit everywhere = edit();
    boolean anyEdit =
        addTrigger != null
            || !addTags.isEmpty()
            || !removeTags.isEmpty()
            || !replacements.isEmpty()
            || dedupe;
    if (!anyEdit) {
      List<dev.lorakit.core.caption.Caption> parsed = new ArrayList<>();
      snap.captions().forEach(c -> c.caption().ifPresent(parsed::add));
      TagStatistics stats = TagStatistics.of(parsed);
      if (output.json()) {
        Map<String, Integer> tags = new LinkedHashMap<>();
        stats.counts().forEach(t -> tags.put(t.tag(), t.captions()));
        out.println(Json.write(Map.of("captions", captions.size(), "tags", tags)));
      } else {
        out.println(captions.size() + " captions; most frequent tags:");
        stats
            .top(30)
            .forEach(t -> out.printf(java.util.Locale.ROOT, "  %5d  %s%n", t.captions(), t.tag()));
      }
      return Lorakit.OK;
    }
    CaptionEdit folderEdit = CaptionEdit.none();
    for (String tag : addTags) {
      folderEdit = folderEdit.andThen(CaptionEdit.addTag(tag));
    }
    CaptionEdit added = folderEdit;
    CaptionEditPlan plan =
        CaptionEditPlan.ofEach(
            root,
            captions,
            path ->
                folder == null || path.startsWith(folder + "/")
                    ? everywhere.andThen(added)
                    : everywhere);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("changes", plan.changes().size());
    json.put("unchanged", plan.unchanged());
    json.put("refused", refused(plan.refused()));
    json.put("diff", plan.diff());
    if (!output.json()) {
      out.print(plan.diff());
      out.printf(
          "%d to change, %d unchanged, %d refused%n",
          plan.changes().size(), plan.unchanged(), plan.refused().size());
      plan.refused().forEach(r -> out.println("  refused " + r.path() + ": " + r.reason()));
    }
    if (dryRun || plan.isEmpty()) {
      if (output.json()) {
        out.println(Json.write(json));
      }
      return plan.refused().isEmpty() ? Lorakit.OK : Lorakit.FOUND_ERRORS;
    }
    CaptionApplyResult result = plan.apply();
    json.put("written", result.written());
    json.put("skipped", refused(result.skipped()));
    if (output.json()) {
      out.println(Json.write(json));
    } else {
      out.printf("wrote %d caption(s)%n", result.written().size());
      result.skipped().forEach(r -> out.println("  skipped " + r.path() + ": " + r.reason()));
    }
    return result.complete() && plan.refused().isEmpty() ? Lorakit.OK : Lorakit.FOUND_ERRORS;
  }

  private CaptionEdit edit() {
    CaptionEdit e = CaptionEdit.normalize();
    for (String r : replacements) {
      int eq = r.indexOf('=');
      if (eq <= 0) {
        throw new UserException(
            "--replace needs A=B, got '" + r + "'", "write --replace \"old tag=new tag\"");
      }
      e = e.andThen(CaptionEdit.replaceTag(r.substring(0, eq), r.substring(eq + 1)));
    }
    for (String tag : removeTags) {
      e = e.andThen(CaptionEdit.removeTag(tag));
    }
    if (addTrigger != null) {
      e = e.andThen(CaptionEdit.triggerFirst(TriggerWord.of(addTrigger)));
    }
    if (dedupe) {
      e = e.andThen(CaptionEdit.dedupe());
    }
    return e;
  }

  private static List<Map<String, String>> refused(List<SkippedCaption> list) {
    List<Map<String, String>> out = new ArrayList<>();
    for (SkippedCaption s : list) {
      out.add(Map.of("path", s.path(), "reason", s.reason()));
    }
    return out;
  }
}
