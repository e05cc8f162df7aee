using System.CommandLine;
using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Commands;

/// <summary>Runs a command body; every exception, expected or not, leaves through <see cref="ErrorReporter"/>.</summary>
internal static class CommandAction
{
    public static void Set(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            var context = new CommandContext(configuration.Output, configuration.Error, parseResult.GetValue(CliApp.Verbose));
            try
            {
                return await body(parseResult, context, cancellationToken);
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(e, context.Error, context.Verbose);
            }
        });
}

/// <summary>What a command writes to: data on <see cref="Output"/>, progress and errors on <see cref="Error"/>.</summary>
internal sealed record CommandContext(TextWriter Output, TextWriter Error, bool Verbose = false)
{
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>A progress line on stderr with the time since the command started, e.g. "[  1.2s] Comparing".</summary>
    public void Progress(string step) =>
        Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,5:0.0}s] {step}"));
}
