using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Commands;

/// <summary>
/// The CLI's edge: the one place where exceptions become exit codes. Each becomes one line on stderr
/// ("error: …"); the stack trace follows only with --verbose.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, TextWriter error, bool verbose)
    {
        var (code, line) = Describe(exception);
        error.WriteLine(Secrets.Redact($"error: {line}"));
        if (verbose)
        {
            error.WriteLine(Secrets.Redact(exception.ToString()));
        }

        return code;
    }

    /// <summary>The exit code and the one line; the line is also what a failed publish stores in ops.DeploymentHistory.</summary>
    public static (int Code, string Line) Describe(Exception exception)
    {
        var (code, line) = Classify(exception);
        return (code, Secrets.Redact(line));
    }

    private static (int Code, string Line) Classify(Exception exception) =>
        exception switch
        {
            UsageException => (ExitCodes.Usage, OneLine(exception.Message)),
            RefusedException => (ExitCodes.Refused, OneLine(exception.Message)),
            PlatformDbException => (ExitCodes.Error, OneLine(exception.Message)),
            OperationCanceledException => (ExitCodes.Error, "cancelled."),
            DacServicesException dac => (ExitCodes.Error, OneLine(DacMessage(dac))),
            SqlException or IOException or UnauthorizedAccessException or InvalidDataException => (ExitCodes.Error, OneLine(exception.Message)),
            _ => (ExitCodes.Error, OneLine($"unexpected {exception.GetType().Name}: {exception.Message} (run with --verbose for the stack trace)")),
        };

    private static string DacMessage(DacServicesException dac)
    {
        var messages = dac.Messages.Select(m => m.Message).Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        var text = messages.Count > 0 ? string.Join(" ", messages) : dac.Message;
        // DacFx wraps the real cause (a SqlException, a script error) without always copying its text.
        return dac.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{text} {inner.Message}"
            : text;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
