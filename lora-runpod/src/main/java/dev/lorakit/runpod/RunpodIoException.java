package dev.lorakit.runpod;

/**
 * A transport failure: the connection could not be made, broke, or timed out.
 *
 * <p>{@link #mayHaveReachedServer()} tells whether the server may have acted on the request; it is
 * false only when the connection was never established. After a non-idempotent call such as a pod
 * create, true means "look before you retry".
 */
public final class RunpodIoException extends RunpodException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String path;
  private final boolean mayHaveReachedServer;

  public RunpodIoException(
      String method, String path, boolean mayHaveReachedServer, String detail, Throwable cause) {
    super(method + " " + path + ": " + detail, cause);
    this.method = method;
    this.path = path;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public boolean mayHaveReachedServer() {
    return mayHaveReachedServer;
  }
}
