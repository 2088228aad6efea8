package dev.lorakit.vision;

import dev.lorakit.core.face.CheckpointIdentity;
import dev.lorakit.core.sweep.ArmEvent;
import dev.lorakit.core.sweep.ArmObservation;
import dev.lorakit.core.sweep.ArmScorer;
import dev.lorakit.core.sweep.RungScore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Scores a sweep's arm at a rung by the identity of its samples: {@link SampleScorer} over the
 * arm's newest trainer samples at or before the rung's step (mean cosine of their faces to the
 * dataset's face centroid, and the copycat cosine), plus the loss and red flags of {@link
 * ArmScorer#lossOnly}. Samples without a face the detector finds leave the identity empty, which
 * ranks the arm after those with one.
 *
 * <pre>{@code
 * SampleScorer samples = SampleScorer.of(detector, embedder, datasetAudit);
 * SweepRunner.builder(backend, plan, dir).scorer(IdentityArmScorer.of(samples)).build().run();
 * }</pre>
 */
public final class IdentityArmScorer implements ArmScorer {
  private final SampleScorer samples;

  private IdentityArmScorer(SampleScorer samples) {
    this.samples = Objects.requireNonNull(samples, "samples");
  }

  public static IdentityArmScorer of(SampleScorer samples) {
    return new IdentityArmScorer(samples);
  }

  @Override
  public RungScore score(ArmObservation seen, int rung, int step) {
    List<ArmEvent.Sample> at = seen.samplesUpTo(step);
    if (at.isEmpty()) {
      return ArmScorer.lossOnly(seen, rung, step, "no sample at or before step " + step).build();
    }
    List<BufferedImage> images = new ArrayList<>();
    for (ArmEvent.Sample s : at) {
      FaceAuditor.read(s.file()).ifPresent(images::add);
    }
    int sampleStep = at.get(0).step();
    CheckpointIdentity id = samples.score(sampleStep, images);
    if (id.faces() == 0) {
      return ArmScorer.lossOnly(
              seen,
              rung,
              step,
              String.format(
                  Locale.ROOT, "no face in the %d samples of step %d", images.size(), sampleStep))
          .build();
    }
    return ArmScorer.lossOnly(
            seen,
            rung,
            step,
            String.format(
                Locale.ROOT,
                "identity of %d faces in %d samples of step %d",
                id.faces(),
                id.samples(),
                sampleStep))
        .identity(id.identity())
        .copycat(id.copycat())
        .build();
  }

  @Override
  public String basis() {
    return "identity of the samples against the dataset's faces (SampleScorer), then red flags"
        + " and loss";
  }
}
