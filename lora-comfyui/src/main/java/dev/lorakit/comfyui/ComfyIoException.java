package dev.lorakit.comfyui;

/** The request did not reach ComfyUI or its answer could not be read. */
public class ComfyIoException extends ComfyException {
  private static final long serialVersionUID = 1L;

  public ComfyIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
