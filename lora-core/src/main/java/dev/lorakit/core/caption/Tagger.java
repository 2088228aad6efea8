package dev.lorakit.core.caption;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image tagger: scores every label it knows for one image. lora-vision's {@code Wd14Tagger} runs
 * a WD14 v3 ONNX model; a test or another backend can supply its own.
 *
 * <pre>{@code
 * try (Tagger tagger = Wd14Tagger.open(model, tagsCsv)) {
 *   Caption base = TagScore.caption(tagger.tag(ImageIO.read(file)), 0.35, 0.85);
 * }
 * }</pre>
 */
public interface Tagger extends AutoCloseable {

  /** Every label's score for {@code image}, in the tagger's label order. */
  List<TagScore> tag(BufferedImage image);

  /** Releases the model; the default does nothing. */
  @Override
  default void close() {}
}
