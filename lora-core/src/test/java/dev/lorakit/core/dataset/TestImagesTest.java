package dev.lorakit.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TestImagesTest {

  @Test
  void webp_generated_decodesToItsPattern() throws IOException {
    byte[] bytes = TestImages.webp(60, 30, 3);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(60);
    assertThat(image.getHeight()).isEqualTo(30);
    assertThat(image.getRGB(0, 0)).isNotEqualTo(0);
  }
}
