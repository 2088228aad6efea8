package dev.lorakit.runpod.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.ImmutableDatasetFolder;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDatasetsTest {

  @Test
  void uploadedName_isTheUploadRoutesCleanedName() {
    // ui/src/app/api/datasets/upload/route.ts l.34 @27a03a91:
    // file.name.replace(/[^a-zA-Z0-9.-]/g, '_'), one '_' per UTF-16 code unit
    assertThat(PodDatasets.uploadedName("img 000.jpg")).isEqualTo("img_000.jpg");
    assertThat(PodDatasets.uploadedName("a-b.c_d(1).PNG")).isEqualTo("a-b.c_d_1_.PNG");
    assertThat(PodDatasets.uploadedName("caf\u00e9.png")).isEqualTo("caf_.png");
    assertThat(PodDatasets.uploadedName("\ud83d\ude00.png")).isEqualTo("__.png");
  }

  @Test
  void of_sampleControlImage_pointsAtTheUploadedName() {
    // audit row 7: the trainer opened ".../datasets/control/img 000.jpg", which the upload had
    // stored as img_000.jpg (SDTrainer.cache_sample_prompts l.203: FileNotFoundError)
    LoraProject project =
        LoraProject.builder()
            .name("x")
            .trigger(TriggerWord.of("ohwx"))
            .dataset(
                DatasetSpec.builder()
                    .addFolder(
                        ImmutableDatasetFolder.copyOf(
                                DatasetFolder.fromFolderName("1_ohwx").withImageCount(3))
                            .withControlFolders(List.of("control")))
                    .build())
            .sampling(
                SamplingSettings.builder()
                    .addPrompt(SamplePrompt.of("[trigger] a", List.of("control/img 000.jpg")))
                    .build())
            .build();

    PodDatasets pod = PodDatasets.of(project, Path.of("dataset"));

    assertThat(pod.project().sampling().prompts().get(0).controlImages())
        .containsExactly("control/img_000.jpg");
    assertThat(PodDatasets.podPaths(project, pod.project())).containsEntry("1_ohwx", "1_ohwx");
  }
}
