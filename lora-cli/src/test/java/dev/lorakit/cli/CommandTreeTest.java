package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
  @Test
  void commandLine_namedCommand_buildsOnlyThatOne() {
    CommandLine cli = Lorakit.commandLine(new String[] {"check", "dataset", "-q"});

    assertThat(cli.getSubcommands()).containsOnlyKeys("check");
  }

  @Test
  void commandLine_version_buildsNone() {
    assertThat(Lorakit.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
  }

  @Test
  void commandLine_helpTyposAndCompletion_buildTheWholeTree() {
    for (String[] args :
        new String[][] {{}, {"--help"}, {"help", "check"}, {"chek"}, {"completion"}}) {
      assertThat(Lorakit.commandLine(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .hasSize(Lorakit.SUBCOMMANDS.size() + 1)
          .contains("check", "inspect", "runpod", "help");
    }
  }

  @Test
  void execute_typo_reportsTheUnknownCommand() {
    StringWriter err = new StringWriter();

    int code =
        Lorakit.execute(
            new String[] {"chek"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString())
        .contains("Unmatched argument at index 0: 'chek'")
        .contains("fix: see 'lorakit --help'");
  }

  @Test
  void execute_helpOfACommand_printsItsUsage() {
    StringWriter out = new StringWriter();

    int code =
        Lorakit.execute(
            new String[] {"help", "inspect"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter()));

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Usage: lorakit inspect");
  }
}
