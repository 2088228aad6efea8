package dev.lorakit.core.plan;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.List;
import org.immutables.value.Value;

/**
 * The guide's advanced two-stage training: stage 1 trains the face only (portraits), stage 2
 * resumes from stage 1's LoRA with the full dataset.
 *
 * <pre>{@code
 * StagePlan stages = StagePlan.faceFirst(project, "40_maya_char_faces", 20);
 * stages.faceStage().dataset(); // portraits only, 5,000 steps
 * stages.resumeFrom();          // "maya_lora_face.safetensors", for network.pretrained_lora_path
 * }</pre>
 */
@Value.Immutable
public abstract class StagePlan {
  /** The guide's stage-1 length. */
  public static final int FACE_STAGE_STEPS = 5000;

  public abstract LoraProject faceStage();

  public abstract LoraProject fullStage();

  /** Stage 1's final LoRA, which stage 2 loads as {@code network.pretrained_lora_path}. */
  public abstract String resumeFrom();

  /**
   * Splits a project into the guide's two stages. {@code portraitFolder} is a folder holding only
   * the face closeups (the guide's 20 portraits), with {@code portraits} images.
   */
  public static StagePlan faceFirst(LoraProject project, String portraitFolder, int portraits) {
    int repeats =
        project.dataset().foldersWithRole(FolderRole.CHARACTER).stream()
            .mapToInt(DatasetFolder::repeats)
            .max()
            .orElse(1);
    LoraProject face =
        LoraProject.builder()
            .from(project)
            .name(project.name() + "_face")
            .dataset(
                DatasetSpec.builder()
                    .from(project.dataset())
                    .folders(
                        List.of(
                            DatasetFolder.builder()
                                .path(portraitFolder)
                                .repeats(repeats)
                                .role(FolderRole.CHARACTER)
                                .controlFolders(
                                    project.dataset().folders().isEmpty()
                                        ? List.of()
                                        : project.dataset().folders().get(0).controlFolders())
                                .imageCount(portraits)
                                .build()))
                    .build())
            .training(
                TrainingParameters.builder()
                    .from(project.training())
                    .length(TrainingLength.steps(FACE_STAGE_STEPS))
                    .build())
            .build();
    return ImmutableStagePlan.builder()
        .faceStage(face)
        .fullStage(project)
        .resumeFrom(face.name() + ".safetensors")
        .build();
  }
}
