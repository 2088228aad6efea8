package dev.lorakit.core.rules;

import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.plan.BudgetRules;
import dev.lorakit.core.plan.ChecklistItem;
import dev.lorakit.core.plan.ChecklistItem.Phase;
import dev.lorakit.core.plan.ChecklistItem.Status;
import dev.lorakit.core.plan.ImmutableChecklistItem;
import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The guide's "Summary Checklist" (before, during, after training, production) generated from a
 * project, its validation report and its plan, ticked where lorakit can know.
 *
 * <pre>{@code
 * List<ChecklistItem> items = GuideChecklist.of(plan, report);
 * }</pre>
 */
public final class GuideChecklist {
  private GuideChecklist() {}

  public static List<ChecklistItem> of(TrainingPlan plan, ValidationReport report) {
    LoraProject p = plan.project();
    List<ChecklistItem> items = new ArrayList<>();
    boolean counts = p.dataset().countsKnown();
    int character = p.dataset().imageCount(FolderRole.CHARACTER);
    int body = p.dataset().imageCount(FolderRole.BODY_REALISM);
    items.add(
        counts
            ? item(
                Phase.BEFORE_TRAINING,
                "70 high-quality generated images (20 face, 30 full, 20 variety)",
                character >= 70 ? Status.DONE : Status.NOT_DONE,
                fmt("%d character images", character))
            : byHand(
                Phase.BEFORE_TRAINING,
                "70 high-quality generated images (20 face, 30 full, 20 variety)"));
    items.add(
        counts
            ? item(
                Phase.BEFORE_TRAINING,
                "30 real body images (matching body type)",
                body >= 30 ? Status.DONE : Status.NOT_DONE,
                fmt("%d body images; matching body type is checked by hand", body))
            : byHand(Phase.BEFORE_TRAINING, "30 real body images (matching body type)"));
    items.add(
        fromReport(
            report,
            Phase.BEFORE_TRAINING,
            "All images captioned with trigger word",
            Set.of(
                    CaptionFileRules.MISSING.id(),
                    CaptionContentRules.MISSING_TRIGGER.id(),
                    CaptionContentRules.TRIGGER_NOT_FIRST.id(),
                    TriggerRules.EMPTY.id())
                ::contains,
            CaptionContentRules.MISSING_TRIGGER.id()));
    items.add(
        fromReport(
            report,
            Phase.BEFORE_TRAINING,
            "Real body images tagged with realistic_body",
            CaptionContentRules.BODY_TAG_MISSING.id()::equals,
            CaptionContentRules.BODY_TAG_MISSING.id()));
    boolean kohya =
        !p.dataset().trainingFolders().isEmpty()
            && p.dataset().trainingFolders().stream()
                .allMatch(f -> KohyaFolderName.parse(f.name()).isPresent())
            && !p.dataset().foldersWithRole(FolderRole.CHARACTER).isEmpty()
            && !p.dataset().foldersWithRole(FolderRole.BODY_REALISM).isEmpty();
    items.add(
        item(
            Phase.BEFORE_TRAINING,
            "Folder structure correct (40_name / 20_name_realbody)",
            kohya ? Status.DONE : Status.NOT_DONE,
            kohya
                ? "character and body folders with repeat counts"
                : "missing N_name character or body folder"));
    long configErrors =
        report.violations().stream().filter(v -> v.severity() == Severity.ERROR).count();
    items.add(
        item(
            Phase.BEFORE_TRAINING,
            "Config file ready with correct paths",
            configErrors == 0 ? Status.DONE : Status.NOT_DONE,
            configErrors == 0
                ? "no errors; lorakit writes the config"
                : configErrors + " error(s) in the check"));
    items.add(byHand(Phase.DURING_TRAINING, "Monitor loss curve (should decrease steadily)"));
    items.add(
        item(
            Phase.DURING_TRAINING,
            "Check sample images each epoch",
            plan.sampleEvery() == plan.budget().oneEpochSaveEvery() ? Status.DONE : Status.NOT_DONE,
            fmt(
                "sample_every %d, one epoch %d steps",
                plan.sampleEvery(), plan.budget().oneEpochSaveEvery())));
    int intermediate = plan.budget().intermediateCheckpoints();
    items.add(
        item(
            Phase.DURING_TRAINING,
            "Save all checkpoints",
            p.training().save().keep() >= intermediate ? Status.DONE : Status.NOT_DONE,
            fmt("keep %d of %d step checkpoints", p.training().save().keep(), intermediate)));
    items.add(
        item(
            Phase.DURING_TRAINING,
            "Watch VRAM usage (should be stable)",
            plan.fitsGpu() ? Status.BY_HAND : Status.NOT_DONE,
            fmt(
                "estimated peak %.1f GB of %d GB",
                plan.memory().totalGb(), plan.gpu().memoryGb())));
    items.add(
        item(
            Phase.AFTER_TRAINING,
            "Test multiple checkpoints (epochs 5-10)",
            plan.evaluation().checkpoints().size() > 1 ? Status.DONE : Status.NOT_DONE,
            fmt("evaluation grid covers %d checkpoints", plan.evaluation().checkpoints().size())));
    items.add(
        item(
            Phase.AFTER_TRAINING,
            "Try different LoRA strengths (0.6-1.0)",
            plan.evaluation().strengths().size() > 1 ? Status.DONE : Status.NOT_DONE,
            "strengths " + plan.evaluation().strengths()));
    items.add(
        item(
            Phase.AFTER_TRAINING,
            "Generate 10+ test images per prompt",
            plan.evaluation().size() / Math.max(1, plan.evaluation().prompts().size()) >= 10
                ? Status.DONE
                : Status.NOT_DONE,
            fmt(
                "%d images per prompt in the grid",
                plan.evaluation().size() / Math.max(1, plan.evaluation().prompts().size()))));
    items.add(byHand(Phase.AFTER_TRAINING, "Verify face consistency"));
    items.add(byHand(Phase.AFTER_TRAINING, "Check body realism"));
    items.add(byHand(Phase.AFTER_TRAINING, "Test with style LoRAs"));
    items.add(byHand(Phase.PRODUCTION, "Select best checkpoint"));
    items.add(byHand(Phase.PRODUCTION, "Document optimal LoRA strength"));
    items.add(byHand(Phase.PRODUCTION, "Create example prompts"));
    return List.copyOf(items);
  }

  private static ChecklistItem fromReport(
      ValidationReport report, Phase phase, String text, Predicate<String> failing, String rule) {
    boolean scanned =
        report.violations().stream()
            .noneMatch(v -> v.ruleId().equals(BudgetRules.COUNTS_UNKNOWN.id()));
    long bad = report.violations().stream().filter(v -> failing.test(v.ruleId())).count();
    if (bad > 0) {
      return item(phase, text, Status.NOT_DONE, bad + " file(s) reported by " + rule);
    }
    // Whether the files were checked is decided by the rule's subject, not its id's prefix: the
    // project rule caption.dropout-out-of-range is no evidence of a scan, and checklist items
    // (manual.*) never are.
    boolean fileRulesRan = report.violations().stream().anyMatch(v -> isDatasetRule(v.ruleId()));
    return scanned && fileRulesRan
        ? item(phase, text, Status.DONE, "no file reported by " + rule)
        : byHand(phase, text);
  }

  private static boolean isDatasetRule(String ruleId) {
    return RuleCatalogue.standard()
        .find(ruleId)
        .map(d -> d.subject().equals(Subjects.DATASET))
        .orElse(false);
  }

  private static ChecklistItem byHand(Phase phase, String text) {
    return item(
        phase, text, Status.BY_HAND, "no file can decide this, or the dataset was not scanned");
  }

  private static ChecklistItem item(Phase phase, String text, Status status, String evidence) {
    return ImmutableChecklistItem.builder()
        .phase(phase)
        .text(text)
        .status(status)
        .evidence(evidence)
        .build();
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
