using System.CommandLine;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Commands;

/// <summary>Runs a command body and turns every expected failure into one line on stderr and an exit code.</summary>
internal static class CommandAction
{
    public static void Set(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CommandContext(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            try
            {
                return await body(parseResult, context, cancellationToken);
            }
            catch (CliException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return e.ExitCode;
            }
            catch (Exception e) when (e is DacServicesException or SqlException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                context.Error.WriteLine($"error: {OneLine(e)}");
                return ExitCodes.Error;
            }
        });

    private static string OneLine(Exception e)
    {
        var message = e is DacServicesException dac && dac.Messages.Any()
            ? string.Join(" ", dac.Messages.Select(m => m.Message))
            : e.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}

internal sealed record CommandContext(TextWriter Output, TextWriter Error);
