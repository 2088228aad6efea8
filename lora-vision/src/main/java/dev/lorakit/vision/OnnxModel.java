package dev.lorakit.vision;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One ONNX Runtime session on CPU with its single float input and its outputs, by name. */
final class OnnxModel implements AutoCloseable {
  final Path file;
  final OrtEnvironment env;
  final OrtSession session;
  final String inputName;
  final long[] inputShape;
  final List<String> outputNames;
  final Map<String, long[]> outputShapes;

  private OnnxModel(Path file, OrtEnvironment env, OrtSession session) throws OrtException {
    this.file = file;
    this.env = env;
    this.session = session;
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw new ModelFileException(
          file + " has " + inputs.size() + " inputs; lorakit's vision models have one",
          "pass the ONNX file of the model itself");
    }
    Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
    this.inputName = in.getKey();
    this.inputShape = shape(file, in.getValue());
    this.outputNames = new ArrayList<>(session.getOutputNames());
    this.outputShapes = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
      outputShapes.put(e.getKey(), shape(file, e.getValue()));
    }
  }

  /**
   * Opens {@code file}; a missing or unloadable file is a {@link ModelFileException} whose fix is
   * {@code whereToGet}.
   */
  static OnnxModel open(Path file, String what, String whereToGet) {
    if (file == null) {
      throw new ModelFileException("no " + what + " model file given", whereToGet);
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelFileException(what + " model file " + file + " not found", whereToGet);
    }
    if (!Files.isReadable(file)) {
      throw new ModelFileException(
          what + " model file " + file + " is not readable", "check the file's permissions");
    }
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
      OrtSession session = env.createSession(file.toString(), options);
      try {
        return new OnnxModel(file, env, session);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new ModelFileException(
          what + " model file " + file + " cannot be loaded by ONNX Runtime: " + firstLine(e),
          whereToGet);
    }
  }

  /** Runs the model on one float tensor and returns every output flattened, by name. */
  Map<String, float[]> run(float[] input, long[] shape) {
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
        if (!(e.getValue() instanceof OnnxTensor t)) {
          throw new ModelFileException(
              file + " output " + e.getKey() + " is not a tensor", "pass the right model file");
        }
        FloatBuffer fb = t.getFloatBuffer();
        if (fb == null) {
          throw new ModelFileException(
              file + " output " + e.getKey() + " is not float32", "pass the float32 export");
        }
        float[] values = new float[fb.remaining()];
        fb.get(values);
        out.put(e.getKey(), values);
      }
      return out;
    } catch (OrtException e) {
      throw new ModelFileException(
          file
              + " failed on an input of shape "
              + java.util.Arrays.toString(shape)
              + ": "
              + firstLine(e),
          "pass a model with the expected input; see docs/vision.md");
    }
  }

  /** Dimension {@code i} of the input, or {@code fallback} when the model leaves it dynamic. */
  int inputDim(int i, int fallback) {
    return i < inputShape.length && inputShape[i] > 0 ? (int) inputShape[i] : fallback;
  }

  private static long[] shape(Path file, NodeInfo info) {
    if (!(info.getInfo() instanceof TensorInfo t)) {
      throw new ModelFileException(
          file + " input or output " + info.getName() + " is not a tensor",
          "pass the ONNX file of the model itself");
    }
    return t.getShape();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing a session releases native memory; nothing a caller can do about a failure
    }
  }
}
