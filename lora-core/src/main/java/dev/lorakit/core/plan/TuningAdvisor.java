package dev.lorakit.core.plan;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The guide's troubleshooting section and tuning table as data: symptoms to causes to concrete
 * changes of the next run.
 *
 * <p>Learning-rate conflicts are resolved towards stability: a symptom that asks for a lower rate
 * (face inconsistency, overfit) wins over underfit's higher rate, and underfit then gets two more
 * epochs instead (the tuning table's alternative). Overfit and underfit together contradict each
 * other; the advisor changes neither and points at the dataset.
 *
 * <pre>{@code
 * TuningAdvice advice = TuningAdvisor.advise(project, Set.of(Symptom.BACKGROUND_BLEED));
 * advice.project().training().network().rank(); // 12 (from 16)
 * }</pre>
 */
public final class TuningAdvisor {
  private TuningAdvisor() {}

  public static TuningAdvice advise(LoraProject project, Set<Symptom> symptoms) {
    Set<Symptom> s = symptoms.isEmpty() ? EnumSet.noneOf(Symptom.class) : EnumSet.copyOf(symptoms);
    List<TuningChange> changes = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    List<String> resolutions = new ArrayList<>();
    TrainingParameters t = project.training();
    int rank = t.network().rank();
    double lr = t.learningRate();
    int epochs = t.length().epochs().orElse(10);
    DatasetSpec dataset = project.dataset();

    boolean contradictory = s.contains(Symptom.OVERFIT) && s.contains(Symptom.UNDERFIT);
    if (contradictory) {
      resolutions.add(
          "overfit and underfit at once: no learning-rate or epoch change; the usual cause is a"
              + " dataset that mixes near-duplicates with too few varied images");
      actions.add("remove near-duplicate images and add varied poses and backgrounds");
    }

    if (s.contains(Symptom.BACKGROUND_BLEED)) {
      int to = Math.min(rank, 12);
      if (to != rank) {
        changes.add(
            change(
                Symptom.BACKGROUND_BLEED,
                "network.linear",
                rank,
                to,
                "a high rank captures backgrounds and lighting; the guide's fix is rank 8-12"));
        rank = to;
      }
      actions.add("vary backgrounds across the dataset");
      actions.add("caption backgrounds explicitly so the LoRA learns to separate them");
    }
    if (s.contains(Symptom.FACE_INCONSISTENCY)) {
      double to = Math.min(lr, 1e-4);
      if (to != lr) {
        changes.add(
            change(
                Symptom.FACE_INCONSISTENCY,
                "train.lr",
                Numbers.decimal(lr),
                Numbers.decimal(to),
                "a high learning rate causes face drift; the guide's fix is 0.0001"));
        lr = to;
      }
      actions.add("regenerate character images with a more consistent face");
      actions.add("add portrait shots until there are 20-30 face closeups");
    }
    if (s.contains(Symptom.OVERFIT) && !contradictory) {
      double to = Math.max(5e-5, lr - 5e-5);
      if (s.contains(Symptom.FACE_INCONSISTENCY) && lr != t.learningRate()) {
        resolutions.add(
            "overfit and face inconsistency both lower the learning rate; the single lowering to "
                + Numbers.decimal(lr)
                + " serves both (no compounding)");
      } else if (to != lr) {
        changes.add(
            change(
                Symptom.OVERFIT,
                "train.lr",
                Numbers.decimal(lr),
                Numbers.decimal(to),
                "tuning table: slightly overfit -> -0.00005 from the learning rate"));
        lr = to;
      }
      actions.add("use an earlier checkpoint (epoch 5-7) of the current run");
      actions.add("add more variety to the dataset");
    }
    if (s.contains(Symptom.UNDERFIT) && !contradictory) {
      boolean lowered = s.contains(Symptom.FACE_INCONSISTENCY) || s.contains(Symptom.OVERFIT);
      if (lowered || lr >= 3e-4) {
        int to = Math.min(15, epochs + 2);
        if (lowered) {
          resolutions.add(
              "underfit asks for a higher learning rate but "
                  + (s.contains(Symptom.FACE_INCONSISTENCY) ? "face inconsistency" : "overfit")
                  + " asks for a lower one; the lower rate wins (stability first) and underfit gets"
                  + " +2 epochs instead");
        }
        if (to != epochs) {
          changes.add(
              change(
                  Symptom.UNDERFIT,
                  "epochs",
                  epochs,
                  to,
                  "tuning table: slightly underfit -> +2 epochs"));
          epochs = to;
        }
      } else {
        changes.add(
            change(
                Symptom.UNDERFIT,
                "train.lr",
                Numbers.decimal(lr),
                Numbers.decimal(3e-4),
                "the guide's underfit fix: learning rate 0.0003"));
        lr = 3e-4;
      }
      actions.add("check that every caption contains the trigger word");
      actions.add("verify the images are high quality");
    }
    if (s.contains(Symptom.PLASTIC_SKIN)) {
      actions.add("add real body photos: try 40 real / 60 generated images");
      actions.add("use a lower LoRA strength in ComfyUI (0.7 instead of 0.9)");
      actions.add("remove generated images with artifacts");
    }
    if (s.contains(Symptom.WRONG_PROPORTIONS)) {
      dataset = ratioFiveToOne(project, dataset, changes);
      actions.add("curate body photos to match the character's build");
      actions.add("add generated full-body shots (40+ in total)");
    }

    dev.lorakit.core.training.ImmutableTrainingParameters.Builder b =
        TrainingParameters.builder().from(t).learningRate(lr);
    if (rank != t.network().rank()) {
      b.network(NetworkSettings.builder().from(t.network()).rank(rank).alpha(rank).build());
    }
    if (epochs != t.length().epochs().orElse(10)) {
      b.length(TrainingLength.epochs(epochs));
    }
    LoraProject adjusted =
        LoraProject.builder().from(project).training(b.build()).dataset(dataset).build();
    return ImmutableTuningAdvice.builder()
        .project(adjusted)
        .changes(changes)
        .actions(actions)
        .resolutions(resolutions)
        .build();
  }

  /** Raises character repeats until character:body samples per epoch is about 5:1. */
  private static DatasetSpec ratioFiveToOne(
      LoraProject project, DatasetSpec dataset, List<TuningChange> changes) {
    long body = dataset.samplesPerEpoch(FolderRole.BODY_REALISM);
    int characterImages = dataset.imageCount(FolderRole.CHARACTER);
    if (body == 0 || characterImages == 0 || !dataset.countsKnown()) {
      return dataset;
    }
    int repeats = (int) Math.ceil(5.0 * body / characterImages);
    List<DatasetFolder> folders = new ArrayList<>();
    for (DatasetFolder f : dataset.folders()) {
      if (f.role() == FolderRole.CHARACTER && f.repeats() < repeats) {
        changes.add(
            change(
                Symptom.WRONG_PROPORTIONS,
                "datasets[" + f.path() + "].num_repeats",
                f.repeats(),
                repeats,
                "the guide's fix: repeats ratio 5:1 instead of 4:1"));
        folders.add(DatasetFolder.builder().from(f).repeats(repeats).build());
      } else {
        folders.add(f);
      }
    }
    return DatasetSpec.builder().from(dataset).folders(folders).build();
  }

  private static TuningChange change(
      Symptom s, String path, Object from, Object to, String reason) {
    return ImmutableTuningChange.builder()
        .symptom(s)
        .path(path)
        .before(String.valueOf(from))
        .after(String.valueOf(to))
        .reason(reason)
        .build();
  }
}
