package dev.lorakit.runpod;

/**
 * Root of every exception lora-runpod throws. Messages never contain the API key or other secrets.
 */
public class RunpodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunpodException(String message) {
    super(message);
  }

  public RunpodException(String message, Throwable cause) {
    super(message, cause);
  }
}
