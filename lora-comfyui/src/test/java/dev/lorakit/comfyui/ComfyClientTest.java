package dev.lorakit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.project.BaseModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComfyClientTest {

  @Test
  void queue_validCell_runsAndServesItsImage() {
    try (ComfyUiFake fake = ComfyUiFake.start(Fixtures.inventory());
        ComfyClient client = ComfyClient.of(fake.uri()).withPollInterval(Duration.ofMillis(5))) {
      GridSpec spec =
          GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509))
              .withLoraSubdir(Fixtures.SUBDIR);
      GridCell cell =
          QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509)))
              .get(0);

      String id = client.queue(cell.workflow());
      assertThat(client.history(id)).isEmpty(); // first poll: still running
      PromptHistory h = client.await(id, Duration.ofSeconds(5));

      assertThat(h.completed()).isTrue();
      assertThat(h.images())
          .containsExactly(
              ImageRef.of("maya_lora_000001000_p0_s42_m0.6_00001_.png", "eval", "output"));
      byte[] png = client.view(h.images().get(0));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  @Test
  void queue_rejectedPrompt_throwsWith400AndComfyUisNodeErrors() {
    try (ComfyUiFake fake = ComfyUiFake.start(Fixtures.inventory());
        ComfyClient client = ComfyClient.of(fake.uri())) {
      Workflow w =
          WorkflowJson.read(
                  Fixtures.resource("reference/edit2509_lora_cell.json")
                      .replace("\"euler\"", "\"flowmatch\""))
              .workflow();

      assertThatThrownBy(() -> client.queue(w))
          .isInstanceOfSatisfying(
              ComfyApiException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.getMessage())
                    .startsWith("POST /prompt 400: Prompt outputs failed validation");
                assertThat(e.errorBody()).contains("value_not_in_list").contains("\"9\"");
              });
      assertThat(fake.rejected()).isEqualTo(1);
      assertThat(fake.accepted()).isEmpty();
    }
  }

  @Test
  void uploadImage_makesTheFileKnownToLoadImage(@TempDir Path dir) throws Exception {
    Path img = dir.resolve("ref_002.png");
    Files.write(img, new byte[] {1, 2, 3});
    try (ComfyUiFake fake = ComfyUiFake.start(Fixtures.inventory());
        ComfyClient client = ComfyClient.of(fake.uri())) {
      assertThat(client.uploadImage(img)).isEqualTo("ref_002.png");
      assertThat(fake.inputFiles()).contains("ref_002.png");
      GridSpec spec =
          GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2511))
              .withLoraSubdir(Fixtures.SUBDIR)
              .withReferenceImages(List.of("ref_002.png"));
      GridCell cell =
          QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2511)))
              .get(3);
      assertThat(client.queue(cell.workflow())).isNotBlank();
    }
  }
}
