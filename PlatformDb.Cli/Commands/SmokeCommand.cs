using System.CommandLine;
using System.Globalization;
using PlatformDb.Cli.Service;

namespace PlatformDb.Cli.Commands;

/// <summary>
/// `platformdb smoke [--connection CS] [--email E] [--password P] [--api-key K]`: walks the service path against a dev or
/// test database (<see cref="ServiceSmoke"/>) and prints each step with its time on stdout.
/// </summary>
internal static class SmokeCommand
{
    public static Command Create()
    {
        var connection = CommonOptions.Connection();
        var email = new Option<string>("--email") { Description = "Login e-mail (default: the development seed's user).", DefaultValueFactory = _ => SmokeCredentials.DevEmail };
        var password = new Option<string?>("--password") { Description = $"Password of the login; default: ${SmokeCredentials.PasswordVariable}, else the development seed's." };
        var apiKey = new Option<string?>("--api-key") { Description = $"API key to authenticate; default: ${SmokeCredentials.ApiKeyVariable}, else the development seed's." };
        var command = new Command("smoke", "Walk the service path on a dev or test database: login, API key, one recorded request, read back through the hourly trend and the budget.")
        {
            connection, email, password, apiKey,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var target = CommonOptions.Target(parse, connection);
            var credentials = Credentials(parse, email, password, apiKey);
            context.Progress($"Connecting to {target.Label}");
            var smoke = new ServiceSmoke(target, credentials, step => context.Output.WriteLine(Line(step)));
            var total = await smoke.RunAsync(cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smoke passed in {total} ms"));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static SmokeCredentials Credentials(ParseResult parse, Option<string> email, Option<string?> password, Option<string?> apiKey) =>
        new(parse.GetValue(email) is { Length: > 0 } given ? given : SmokeCredentials.DevEmail,
            SmokeCredentials.Resolve(parse.GetValue(password), SmokeCredentials.PasswordVariable, SmokeCredentials.DevPassword),
            SmokeCredentials.Resolve(parse.GetValue(apiKey), SmokeCredentials.ApiKeyVariable, SmokeCredentials.DevApiKey));

    /// <summary>"ok  12 ms  login dev@example.com".</summary>
    internal static string Line(SmokeStep step) =>
        string.Create(CultureInfo.InvariantCulture, $"ok {step.ElapsedMilliseconds,4} ms  {step.Description}");
}
