using System.CommandLine;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Releases;
using PlatformDb.Cli.Usage;

namespace PlatformDb.Cli.Commands;

/// <summary>
/// `platformdb bench --connection CS [--events 1M] [--seed N] [--out DIR] [--database PlatformDb_Bench_x]`: creates a
/// scratch database, publishes the current build into it through <see cref="PublishFlow"/>, runs
/// <see cref="UsageBenchmark"/>, writes bench.md and bench.csv, and drops the database.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        connection.Description = $"Connection string of the server (its database, if any, is not used: bench works only in --database); default: ${CommonOptions.ConnectionVariable}.";
        var events = new Option<string>("--events") { Description = "Events to generate: 1000000, 500k, 10M (default 1M).", DefaultValueFactory = _ => "1M" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator; the same seed gives the same events everywhere (default 42).", DefaultValueFactory = _ => 42UL };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for bench.md and bench.csv (default artifacts/bench).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("artifacts", "bench")) };
        var database = new Option<string?>("--database") { Description = $"Scratch database to create and drop, named {BenchRules.DatabasePrefix}* (default: a new random name); it must not exist." };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs of each query, after two warm-up runs (default 30).", DefaultValueFactory = _ => 30 };
        var writers = new Option<int>("--writers") { Description = "Parallel connections calling usage.RecordUsageEvent (default 8).", DefaultValueFactory = _ => 8 };
        var dacpac = CommonOptions.CurrentDacpac();
        var command = new Command("bench", "Benchmark the usage store in a scratch database it creates and drops: ingest, trend queries, concurrent writes, retention, size.")
        {
            connection, events, seed, output, database, repeat, writers, dacpac,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            // Everything offline first: the count, the name rule, the dacpac.
            var count = BenchRules.ParseEventCount(parse.GetValue(events)!);
            var name = BenchRules.CheckDatabaseName(parse.GetValue(database) ?? BenchRules.NewDatabaseName());
            if (parse.GetValue(repeat) < 1 || parse.GetValue(writers) < 1)
            {
                throw new UsageException("--repeat and --writers must be at least 1.");
            }

            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var package = workspace.Resolver.Resolve("current", allowDatabase: false);
            var target = ScratchTarget(CommonOptions.ConnectionString(parse, connection), name);

            context.Progress($"Connecting to {target.Server}");
            target.EnsureReachable(cancellationToken);
            if (await ExistsAsync(target, cancellationToken).ConfigureAwait(false))
            {
                throw BenchRules.DatabaseExists(name);
            }

            try
            {
                var published = await PublishFlow.RunAsync(context, workspace, package, target, ReleaseAction.Apply, profileName: null, allowDataLoss: false, cancellationToken)
                    .ConfigureAwait(false);
                if (published != ExitCodes.Success)
                {
                    return published;
                }

                var options = new BenchOptions(count, parse.GetValue(seed), parse.GetValue(repeat), parse.GetValue(writers));
                var result = await new UsageBenchmark(target, options, context.Progress).RunAsync(cancellationToken).ConfigureAwait(false);
                var title = $"platformdb bench: {count:N0} events, seed {options.Seed}";
                var markdown = BenchReport.Markdown(title, result.Environment, result.Measurements, result.Ratios);
                var folder = parse.GetValue(output)!;
                folder.Create();
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "bench.md"), markdown, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "bench.csv"), BenchReport.Csv(result.Measurements, result.Ratios), cancellationToken).ConfigureAwait(false);
                context.Output.Write(markdown);
                context.Progress($"Wrote bench.md and bench.csv to {folder.FullName}");
                return ExitCodes.Success;
            }
            finally
            {
                context.Progress($"Dropping {name}");
                await DropAsync(target, CancellationToken.None).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>The server of --connection with the scratch database: the connection's own database is never touched.</summary>
    internal static SqlTarget ScratchTarget(string connectionString, string database)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // The message never repeats the connection string: it may hold a password.
            throw new PlatformDbException($"The connection string is not valid: {e.Message.ReplaceLineEndings(" ")}");
        }

        builder.InitialCatalog = database;
        return SqlTarget.Parse(builder.ConnectionString);
    }

    private static async Task<bool> ExistsAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(database: false, cancellationToken).ConfigureAwait(false);
        await using var command = new SqlCommand("SELECT CASE WHEN DB_ID(@Name) IS NULL THEN 0 ELSE 1 END;", connection);
        command.Parameters.Add(new SqlParameter("@Name", System.Data.SqlDbType.NVarChar, 128) { Value = target.DatabaseName });
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
    }

    private static async Task DropAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        // Only ever the scratch name (checked by BenchRules before anything ran); pooled connections would block the drop.
        SqlConnection.ClearAllPools();
        await using var connection = await target.OpenAsync(database: false, cancellationToken).ConfigureAwait(false);
        await using var command = new SqlCommand("""
            IF DB_ID(@Name) IS NOT NULL
            BEGIN
                DECLARE @Sql NVARCHAR(MAX) = N'ALTER DATABASE ' + QUOTENAME(@Name) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@Name) + N';';
                EXEC (@Sql);
            END;
            """, connection);
        command.Parameters.Add(new SqlParameter("@Name", System.Data.SqlDbType.NVarChar, 128) { Value = BenchRules.CheckDatabaseName(target.DatabaseName) });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
