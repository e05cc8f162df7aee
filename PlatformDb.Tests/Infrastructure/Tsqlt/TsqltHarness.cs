using System.Data;
using System.Diagnostics;
using Microsoft.Data.SqlClient;
using PlatformDb.Tests.Live;

namespace PlatformDb.Tests.Infrastructure.Tsqlt;

/// <summary>The result tSQLt recorded for one test in tSQLt.TestResult.</summary>
public sealed record TsqltOutcome(string Result, string? Message)
{
    public bool Succeeded => Result == "Success";
}

/// <summary>
/// Installs tSQLt and the suite into a database that holds the published dacpac, and runs one tSQLt test at a time.
/// </summary>
/// <remarks>
/// Installation follows the official release zip (tSQLt-org/tSQLt Build/tSQLt_Build.ps1 packs PrepareServer.sql and
/// tSQLt.class.sql): PrepareServer.sql holds tSQLt.PrepareServer built as temporary procedures
/// (Source/PrepareServerBuildOrder.txt renames "tSQLt." to "#"), so all its batches run on one connection; it enables
/// CLR and installs the assembly key (Source/tSQLt.PrepareServer.ssp.sql: Private_EnableCLR, InstallAssemblyKey), which
/// is what lets the signed SAFE tSQLtCLR assembly load under "clr strict security" (SQL Server 2017+, Linux included)
/// without turning that off; it needs sysadmin (CONTROL SERVER) and is done once per server. The database needs no
/// TRUSTWORTHY (V1.0.7597.5637 release notes: "no need to disable strict CLR security ... nor ... modify database
/// security settings"). tSQLt.class.sql then installs tSQLt into the test database; it calls the CLR while installing
/// (tSQLt.Info()), so PrepareServer.sql must have run first. Both files are split into batches as sqlcmd would
/// (<see cref="TsqltFiles.SplitBatches"/>) and each batch runs on one connection in file order.
/// </remarks>
public static class TsqltHarness
{
    public const string DirectoryVariable = "PLATFORMDB_TSQLT_DIR";

    public static readonly IReadOnlyList<string> ReleaseFiles = ["PrepareServer.sql", "tSQLt.class.sql"];

    /// <summary>The folder with the release's scripts, or why there is none (one line, for the skip reason).</summary>
    public static (string? Directory, string? UnavailableReason) Locate() => Locate(Environment.GetEnvironmentVariable(DirectoryVariable));

    public static (string? Directory, string? UnavailableReason) Locate(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return (null, $"No tSQLt: set {DirectoryVariable} to the extracted tSQLt release (PrepareServer.sql, tSQLt.class.sql).");
        }

        var missing = ReleaseFiles.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
        return missing.Count > 0
            ? (null, $"No tSQLt: {DirectoryVariable} has no {string.Join(" or ", missing)}.")
            : (directory, null);
    }

    /// <summary>
    /// Prepares the server (once per server, idempotent), publishes the built dacpac into <paramref name="databaseName"/>,
    /// installs tSQLt there, then creates the Support files, TestData.RunDevSeed, the Tests files and the Generated files.
    /// Opens master first, so an unreachable server fails here with SqlClient's network error.
    /// </summary>
    public static async Task InstallAsync(string serverConnectionString, string databaseName, string tsqltDirectory, Action<string> progress, CancellationToken cancellationToken)
    {
        var master = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = "master" }.ConnectionString;
        await RunFileAsync(master, Path.Combine(tsqltDirectory, "PrepareServer.sql"), "PrepareServer.sql", cancellationToken);
        progress("tSQLt: server prepared");

        var clock = Stopwatch.StartNew();
        LiveDatabaseFixture.PublishBuiltDacpac(serverConnectionString, databaseName, cancellationToken, progress);
        progress($"tSQLt: dacpac published to {databaseName} in {clock.ElapsedMilliseconds} ms");

        var database = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = databaseName }.ConnectionString;
        await RunFileAsync(database, Path.Combine(tsqltDirectory, "tSQLt.class.sql"), "tSQLt.class.sql", cancellationToken);
        progress("tSQLt: installed");

        foreach (var file in TsqltFiles.In(TsqltFolder.Support))
        {
            await RunFileAsync(database, file.FullPath, file.RelativePath, cancellationToken);
        }

        // The Support files normally create schema TestData; make sure it exists before the harness's own procedure.
        await RunBatchesAsync(
            database,
            [new SqlBatch(1, "IF SCHEMA_ID(N'TestData') IS NULL EXECUTE (N'CREATE SCHEMA [TestData] AUTHORIZATION [dbo];');"), new SqlBatch(1, DevSeedProcedure.Render())],
            DevSeedProcedure.Name,
            cancellationToken);

        foreach (var file in TsqltFiles.In(TsqltFolder.Tests).Concat(TsqltFiles.In(TsqltFolder.Generated)))
        {
            await RunFileAsync(database, file.FullPath, file.RelativePath, cancellationToken);
        }

        progress($"tSQLt: {TsqltSuite.Tests().Count} tests created");
    }

    /// <summary>
    /// Runs one test with tSQLt.Run and the NullTestResultFormatter, then reads what tSQLt recorded for it in
    /// tSQLt.TestResult (columns Class, TestCase, Result, Msg).
    /// </summary>
    /// <remarks>
    /// tSQLt-org/tSQLt Source/Run_Methods.sql, as built into the pinned 1.0.8083.3529 tSQLt.class.sql: tSQLt.Run takes
    /// @TestResultFormatter since V1.0.5873.27393 (release notes, item A) and NullTestResultFormatter is an empty
    /// procedure, so no summary error is raised for a failed test (only DefaultResultFormatter raises one). Every Run
    /// first empties tSQLt.TestResult (Private_RunMethodHandler, Private_Init, Private_CleanTestResult), so the row read
    /// back is this run's. tSQLt.Run still raises for an unusable installation (Private_Init), a FATAL or Abort result or
    /// a transaction count that changed (Private_RunTest); the error is kept and reported with whatever tSQLt recorded.
    /// </remarks>
    public static async Task<TsqltOutcome> RunAsync(string databaseConnectionString, TsqltTest test, CancellationToken cancellationToken)
    {
        // A session of its own (no pooling): SESSION_CONTEXT and EXECUTE AS survive a test's rollback.
        var unpooled = new SqlConnectionStringBuilder(databaseConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new SqlConnection(unpooled);
        await connection.OpenAsync(cancellationToken);

        string? runError = null;
        try
        {
            await using var run = new SqlCommand("tSQLt.Run", connection) { CommandType = CommandType.StoredProcedure, CommandTimeout = 300 };
            run.Parameters.Add("@TestName", SqlDbType.NVarChar, -1).Value = test.RunName;
            run.Parameters.Add("@TestResultFormatter", SqlDbType.NVarChar, -1).Value = "tSQLt.NullTestResultFormatter";
            await run.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqlException ex)
        {
            runError = ex.Message;
        }

        await using var read = new SqlCommand(
            """
            SELECT TOP (1) [Result], [Msg]
            FROM [tSQLt].[TestResult]
            WHERE [Class] = @Class AND [TestCase] = @TestCase
            ORDER BY [Id] DESC;
            """,
            connection);
        read.Parameters.Add("@Class", SqlDbType.NVarChar, -1).Value = test.ClassName;
        read.Parameters.Add("@TestCase", SqlDbType.NVarChar, -1).Value = test.TestName;
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new TsqltOutcome("Missing", $"tSQLt recorded no result for {test.RunName}" + (runError is null ? "." : $"; tSQLt.Run failed: {runError}"));
        }

        return new TsqltOutcome(reader.GetString(0), reader.IsDBNull(1) ? runError : reader.GetString(1));
    }

    private static Task RunFileAsync(string connectionString, string path, string label, CancellationToken cancellationToken) =>
        RunBatchesAsync(connectionString, TsqltFiles.SplitBatches(File.ReadAllText(path)), label, cancellationToken);

    /// <summary>Runs the batches in order on one connection (temporary procedures live as long as it does).</summary>
    private static async Task RunBatchesAsync(string connectionString, IReadOnlyList<SqlBatch> batches, string label, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var batch in batches)
        {
            try
            {
                await using var command = new SqlCommand(batch.Text, connection) { CommandTimeout = 300 };
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqlException ex)
            {
                throw new InvalidOperationException($"{label}({batch.StartLine + ex.LineNumber - 1}): {ex.Message}", ex);
            }
        }
    }
}
