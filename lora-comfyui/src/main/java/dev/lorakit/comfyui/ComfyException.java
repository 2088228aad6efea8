package dev.lorakit.comfyui;

/** Root of every exception {@link ComfyClient} throws. */
public class ComfyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ComfyException(String message) {
    super(message);
  }

  public ComfyException(String message, Throwable cause) {
    super(message, cause);
  }
}
