package dev.lorakit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lorakit} command. Exit codes: 0 = ran and found no errors, 1 = ran and found errors, 2
 * = could not run (bad arguments, unreadable input). User errors print one line with a fix, never a
 * stack trace (set {@code LORAKIT_DEBUG=1} to see one).
 */
@Command(
    name = "lorakit",
    mixinStandardHelpOptions = true,
    versionProvider = Lorakit.Version.class,
    description = {
      "Plan, check and run character-LoRA training for Qwen-Image with ai-toolkit on RunPod."
    })
public final class Lorakit implements Runnable {
  /**
   * The subcommands, in the order the help lists them ({@code help} comes last). Registered in
   * {@link #commandLine}, not in the annotation: picocli builds the model of every registered
   * command by reflection, which cost a third of a short {@code check}'s start-up
   * (docs/performance.md), so a command line that names one of these builds only that one.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          CheckCommand.class,
          InitCommand.class,
          PlanCommand.class,
          CaptionsCommand.class,
          FacesCommand.class,
          RankCommand.class,
          ReportCommand.class,
          ConfigCommand.class,
          LintCommand.class,
          InspectCommand.class,
          CheckpointsCommand.class,
          ConvertCommand.class,
          RunpodCommand.class,
          SweepCommand.class,
          GridCommand.class,
          WorkflowCommand.class,
          DemoCommand.class,
          CompletionCommand.class);

  /** Commands that need every sibling registered: completion walks the whole tree. */
  private static final Set<String> NEED_ALL = Set.of("completion");

  /** Ran and found no errors. */
  public static final int OK = 0;

  /** Ran and found errors in the user's data. */
  public static final int FOUND_ERRORS = 1;

  /** Could not run: bad arguments or unreadable input. */
  public static final int CANNOT_RUN = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code; used by tests too. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("lorakit: " + ex.getMessage());
          err.println(
              "fix: see 'lorakit "
                  + (ex.getCommandLine().getCommandName().equals("lorakit")
                      ? ""
                      : ex.getCommandLine().getCommandName() + " ")
                  + "--help'");
          return CANNOT_RUN;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof InvalidInputException invalidInputException) {
            err.println("lorakit: " + ex.getMessage());
            ReportView.text(invalidInputException.report(), err);
          } else if (ex instanceof UserException userException) {
            err.println("lorakit: " + ex.getMessage());
            err.println("fix: " + userException.fix());
          } else {
            err.println("lorakit: internal error: " + ex);
            err.println("fix: rerun with LORAKIT_DEBUG=1 and report the stack trace");
          }
          if (System.getenv("LORAKIT_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          return CANNOT_RUN;
        });
    return cli.execute(args);
  }

  /**
   * The command tree for these arguments: only the named subcommand when the first argument names
   * one, none for {@code --version}, all of them otherwise (help, typos, no arguments), so every
   * message picocli prints is the same as with the full tree.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new Lorakit());
    String first = args.length > 0 ? args[0] : "";
    if (first.equals("--version") || first.equals("-V")) {
      return cli;
    }
    if (!NEED_ALL.contains(first)) {
      for (Class<?> c : SUBCOMMANDS) {
        if (c.getAnnotation(Command.class).name().equals(first)) {
          return cli.addSubcommand(c);
        }
      }
    }
    SUBCOMMANDS.forEach(cli::addSubcommand);
    return cli.addSubcommand(new CommandLine.HelpCommand());
  }

  /** Reads the version Maven filtered into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Lorakit.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "lorakit " + p.getProperty("version", "unknown"), "Java " + Runtime.version()
      };
    }
  }
}
