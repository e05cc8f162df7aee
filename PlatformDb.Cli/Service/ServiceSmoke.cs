using System.Data;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Service;

/// <summary>Who the smoke run signs in as; the secrets never appear in a message.</summary>
public sealed record SmokeCredentials(string Email, string Password, string ApiKey)
{
    public const string PasswordVariable = "PLATFORMDB_SMOKE_PASSWORD";
    public const string ApiKeyVariable = "PLATFORMDB_SMOKE_API_KEY";

    // The development seed's public credentials (PostDeploy/DevSeed/DevSeed.sql header, README "Dev credentials").
    public const string DevEmail = "dev@example.com";
    public const string DevPassword = "PlatformDb-dev-only-2024!";
    public const string DevApiKey = "pdb_dev_0001_uFWEZNucJXkrTaXKr1Zp89jC4EUejftm";

    /// <summary>The given value, else the environment variable, else the documented development value.</summary>
    public static string Resolve(string? given, string variable, string development) =>
        given is { Length: > 0 } ? given
        : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : development;

    public override string ToString() => $"{Email} with key {ApiKeys.Prefix(ApiKey)}";
}

/// <summary>One finished step of the smoke run: what it did and how long it took.</summary>
public sealed record SmokeStep(string Description, long ElapsedMilliseconds);

/// <summary>What a budget has spent in its current period, or what one request adds to it.</summary>
public sealed record BudgetSpend(decimal Amount, long Tokens)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount} USD / {Tokens} tokens");
}

/// <summary>A smoke step found the service path broken; the message names the step.</summary>
public sealed class SmokeFailedException(string message, Exception? innerException = null) : PlatformDbException(message, innerException);

/// <summary>
/// Walks the service path of docs/service-path.md against a dev or test database: login by e-mail with the password
/// verified here, API-key authentication, one recorded request, and its read-back through the hourly trend and the
/// budget state. It writes (a login attempt, a usage event), so it refuses any database not recorded as dev or test.
/// </summary>
public sealed class ServiceSmoke(SqlTarget target, SmokeCredentials credentials, Action<SmokeStep> report)
{
    public const string ModelName = "gpt-4o-mini";

    /// <summary>The recorded request's tokens: small, so a dev budget barely moves.</summary>
    public const int PromptTokens = 12;

    public const int CompletionTokens = 3;

    private static readonly string[] AllowedEnvironments = ["dev", "test"];

    /// <summary>Runs every step, reporting each as it finishes; throws on the first failure. Returns the total milliseconds.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();

        await using var connection = await target.OpenAsync(database: true, cancellationToken).ConfigureAwait(false);
        Done(clock, $"connect {target.Label}");

        var environment = await Step("environment", () => ReadEnvironmentAsync(connection, cancellationToken)).ConfigureAwait(false);
        Done(clock, $"environment {environment}");

        var userId = await Step("login", () => LoginAsync(connection, cancellationToken)).ConfigureAwait(false);
        Done(clock, $"login {credentials.Email}");

        var key = await Step("api key", () => AuthenticateAsync(connection, cancellationToken)).ConfigureAwait(false);
        Done(clock, $"api key {key.Prefix} (organization {key.OrganizationId})");

        var (modelId, now) = await Step("model", () => ReadModelAsync(connection, cancellationToken)).ConfigureAwait(false);
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Unspecified);
        var requestsBefore = await Step("usage before", () => HourlyRequestsAsync(connection, key, modelId, hour, cancellationToken)).ConfigureAwait(false);
        var spentBefore = await Step("budget before", () => SpentAsync(connection, key, userId, cancellationToken)).ConfigureAwait(false);
        Done(clock, $"model {ModelName} (id {modelId}): {requestsBefore} requests this hour, {spentBefore.Count} budgets apply");

        var requestId = "smoke-" + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        var recorded = await Step("record request", () => RecordAsync(connection, key, userId, modelId, requestId, now, cancellationToken)).ConfigureAwait(false);
        Done(clock, $"record request {requestId}: {recorded.Outcome}, cost {recorded.Cost.ToString(CultureInfo.InvariantCulture)}");

        var requestsAfter = await Step("usage after", () => HourlyRequestsAsync(connection, key, modelId, recorded.HourBucket, cancellationToken)).ConfigureAwait(false);
        var expected = recorded.HourBucket == hour ? requestsBefore + 1 : 1;
        if (requestsAfter != expected)
        {
            throw new SmokeFailedException(
                $"smoke step 'usage': usage.GetUsageHourly reports {requestsAfter} requests of model {modelId} in organization {key.OrganizationId} at {Hour(recorded.HourBucket)}; expected {expected} (another client recording for this organization and model in the same hour also changes it).");
        }

        Done(clock, $"usage {Hour(recorded.HourBucket)}: {requestsBefore} -> {requestsAfter} requests");

        var spentAfter = await Step("budget after", () => SpentAsync(connection, key, userId, cancellationToken)).ConfigureAwait(false);
        var charge = new BudgetSpend(recorded.Cost, PromptTokens + CompletionTokens);
        CheckBudgets(spentBefore, spentAfter, charge);
        Done(clock, $"budget: {spentAfter.Count} budgets grew by {charge}");
        return total.ElapsedMilliseconds;
    }

    /// <summary>
    /// Every budget that applies to the request grew by exactly its cost and tokens (docs/service-path.md: amount = cost,
    /// tokens = prompt + completion); at least one applies.
    /// </summary>
    internal static void CheckBudgets(IReadOnlyDictionary<int, BudgetSpend> before, IReadOnlyDictionary<int, BudgetSpend> after, BudgetSpend request)
    {
        if (after.Count == 0)
        {
            throw new SmokeFailedException("smoke step 'budget': billing.GetBudgetState returns no budget for the organization, the user or the key; nothing shows the spend.");
        }

        foreach (var (budgetId, spent) in after)
        {
            var was = before.GetValueOrDefault(budgetId, new BudgetSpend(0m, 0L));
            if (spent.Amount - was.Amount != request.Amount || spent.Tokens - was.Tokens != request.Tokens)
            {
                throw new SmokeFailedException(
                    $"smoke step 'budget': budget {budgetId} spent {was} -> {spent}; expected it to grow by the request's {request} (another client charging it at the same time also changes it).");
            }
        }
    }

    private void Done(Stopwatch clock, string description)
    {
        report(new SmokeStep(description, clock.ElapsedMilliseconds));
        clock.Restart();
    }

    /// <summary>A database error inside a step becomes one line naming the step and the error number.</summary>
    private static async Task<T> Step<T>(string name, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (SqlException e)
        {
            throw new SmokeFailedException($"smoke step '{name}' failed: error {e.Number}: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
    }

    private async Task<string> ReadEnvironmentAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand("""
            IF OBJECT_ID(N'ops.DatabaseEnvironment', N'U') IS NULL
                SELECT CAST(NULL AS VARCHAR(16)) AS [Environment], -1 AS [Rows];
            ELSE
                SELECT MAX([Environment]) AS [Environment], COUNT(*) AS [Rows] FROM [ops].[DatabaseEnvironment];
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return RequireDevOrTest(target.Label, reader.GetInt32(1), reader.IsDBNull(0) ? null : reader.GetString(0));
    }

    /// <summary>
    /// The environment guard: the one recorded environment when it is dev or test, else a <see cref="RefusedException"/>
    /// saying what was found. <paramref name="rows"/> is -1 when the table does not exist.
    /// </summary>
    internal static string RequireDevOrTest(string label, int rows, string? environment)
    {
        const string Rule = "smoke writes a login attempt, a usage event and a budget charge, so it runs only against a database recorded as dev or test";
        return rows switch
        {
            -1 => throw new RefusedException($"{label} has no ops.DatabaseEnvironment table (published before v1.4.0?); {Rule}."),
            1 when environment is not null && AllowedEnvironments.Contains(environment, StringComparer.Ordinal) => environment,
            1 => throw new RefusedException($"{label} is recorded as '{environment}' in ops.DatabaseEnvironment; {Rule}."),
            _ => throw new RefusedException($"{label} has {rows} rows in ops.DatabaseEnvironment instead of one; {Rule}."),
        };
    }

    private async Task<int> LoginAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        int userId;
        string passwordHash;
        await using (var command = Procedure(connection, "identity.GetLoginByEmail"))
        {
            command.Parameters.Add("@Email", SqlDbType.NVarChar, 320).Value = credentials.Email;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new SmokeFailedException($"smoke step 'login': identity.GetLoginByEmail finds no login for {credentials.Email} (was the database published with SeedDevData=true?).");
            }

            userId = reader.GetInt32(reader.GetOrdinal("UserId"));
            passwordHash = reader.GetString(reader.GetOrdinal("PasswordHash"));
            if (reader.GetBoolean(reader.GetOrdinal("IsLocked")))
            {
                var until = reader["LockedUntil"] is DateTime lockedUntil ? $" until {lockedUntil:yyyy-MM-dd HH:mm:ss} UTC" : "";
                throw new SmokeFailedException($"smoke step 'login': the login {credentials.Email} is locked{until} after {reader.GetInt32(reader.GetOrdinal("FailedLoginCount"))} failed attempts.");
            }
        }

        bool verified;
        try
        {
            verified = PasswordHashes.Verify(credentials.Password, passwordHash);
        }
        catch (PasswordHashFormatException e)
        {
            // Nothing is recorded: a hash this tool cannot read says nothing about the password.
            throw new SmokeFailedException($"smoke step 'login': the stored password hash of {credentials.Email} cannot be verified: {e.Message}", e);
        }

        await using (var record = Procedure(connection, "identity.RecordLoginAttempt"))
        {
            record.Parameters.Add("@UserId", SqlDbType.Int).Value = userId;
            record.Parameters.Add("@Succeeded", SqlDbType.Bit).Value = verified;
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return verified
            ? userId
            : throw new SmokeFailedException($"smoke step 'login': the password does not match the stored hash of {credentials.Email} (the failed attempt was recorded); set {SmokeCredentials.PasswordVariable} or pass --password.");
    }

    private async Task<AuthenticatedKey> AuthenticateAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Procedure(connection, "identity.AuthenticateApiKey");
        command.Parameters.Add("@KeyHash", SqlDbType.VarBinary, 32).Value = ApiKeys.Hash(credentials.ApiKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new SmokeFailedException($"smoke step 'api key': identity.AuthenticateApiKey returned no row for key {ApiKeys.Prefix(credentials.ApiKey)}.");
        }

        return new AuthenticatedKey(
            reader.GetInt32(reader.GetOrdinal("ApiKeyId")),
            reader.GetInt32(reader.GetOrdinal("OrganizationId")),
            reader.GetString(reader.GetOrdinal("KeyPrefix")));
    }

    private static async Task<(int ModelId, DateTime Now)> ReadModelAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        // The server's clock stamps the request, so the hour read back is the hour the server buckets it in.
        await using var command = new SqlCommand("""
            SELECT TOP (2) [m].[ModelId], CAST(SYSUTCDATETIME() AS DATETIME2(3)) AS [Now]
            FROM [catalog].[Model] AS [m]
            WHERE [m].[Name] = @Name AND [m].[DeletedAt] IS NULL
            ORDER BY [m].[ModelId];
            """, connection);
        command.Parameters.Add("@Name", SqlDbType.VarChar, 100).Value = ModelName;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<(int, DateTime)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add((reader.GetInt32(0), reader.GetDateTime(1)));
        }

        return found.Count == 1
            ? found[0]
            : throw new SmokeFailedException($"smoke step 'model': catalog.Model has {found.Count} live models named {ModelName}; expected one.");
    }

    /// <summary>The organization's requests of the model in one hour, without a key filter: the rollup path (usage.UsageHourly) dashboards read.</summary>
    private static async Task<long> HourlyRequestsAsync(SqlConnection connection, AuthenticatedKey key, int modelId, DateTime hour, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand("""
            SELECT ISNULL(SUM([RequestCount]), 0)
            FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, @ModelId, NULL);
            """, connection);
        command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = key.OrganizationId;
        command.Parameters.Add("@From", SqlDbType.DateTime2).Value = hour;
        command.Parameters["@From"].Scale = 0;
        command.Parameters.Add("@To", SqlDbType.DateTime2).Value = hour.AddHours(1);
        command.Parameters["@To"].Scale = 0;
        command.Parameters.Add("@ModelId", SqlDbType.Int).Value = modelId;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>SpentAmount by BudgetId of the budgets that apply: the organization's, the user's and the key's.</summary>
    private static async Task<IReadOnlyDictionary<int, BudgetSpend>> SpentAsync(SqlConnection connection, AuthenticatedKey key, int userId, CancellationToken cancellationToken)
    {
        await using var command = Procedure(connection, "billing.GetBudgetState");
        command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = key.OrganizationId;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var spent = new Dictionary<int, BudgetSpend>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var scope = reader.GetString(reader.GetOrdinal("ScopeType"));
            var applies = scope switch
            {
                "organization" => true,
                "user" => reader["UserId"] is int user && user == userId,
                "apikey" => reader["ApiKeyId"] is int apiKey && apiKey == key.ApiKeyId,
                _ => false,
            };
            if (applies)
            {
                spent[reader.GetInt32(reader.GetOrdinal("BudgetId"))] = new BudgetSpend(
                    reader["SpentAmount"] is decimal amount ? amount : 0m,
                    reader["SpentTokens"] is long tokens ? tokens : 0L);
            }
        }

        return spent;
    }

    private static async Task<RecordedRequest> RecordAsync(SqlConnection connection, AuthenticatedKey key, int userId, int modelId, string requestId, DateTime occurredAt, CancellationToken cancellationToken)
    {
        await using var command = Procedure(connection, "billing.RecordRequest");
        command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = key.OrganizationId;
        command.Parameters.Add("@ApiKeyId", SqlDbType.Int).Value = key.ApiKeyId;
        command.Parameters.Add("@UserId", SqlDbType.Int).Value = userId;
        command.Parameters.Add("@RequestId", SqlDbType.VarChar, 8000).Value = requestId;
        command.Parameters.Add("@ModelId", SqlDbType.Int).Value = modelId;
        command.Parameters.Add("@OccurredAt", SqlDbType.DateTime2).Value = occurredAt;
        command.Parameters["@OccurredAt"].Scale = 3;
        command.Parameters.Add("@PromptTokens", SqlDbType.Int).Value = PromptTokens;
        command.Parameters.Add("@CompletionTokens", SqlDbType.Int).Value = CompletionTokens;
        command.Parameters.Add("@CachedTokens", SqlDbType.Int).Value = 0;
        command.Parameters.Add("@LatencyMs", SqlDbType.Int).Value = 5;
        command.Parameters.Add("@StatusCode", SqlDbType.SmallInt).Value = (short)200;
        // Tags must be a JSON object (CK_UsageEvent_TagsIsJsonObject); this one lets a reader tell smoke rows from traffic.
        command.Parameters.Add("@Tags", SqlDbType.NVarChar, 4000).Value = """{"source":"platformdb smoke"}""";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new SmokeFailedException($"smoke step 'record request': billing.RecordRequest returned no row for {requestId}.");
        }

        var outcome = reader.GetString(reader.GetOrdinal("Outcome"));
        if (outcome != "inserted")
        {
            throw new SmokeFailedException($"smoke step 'record request': billing.RecordRequest answered '{outcome}' for the new request id {requestId}; expected 'inserted'.");
        }

        return new RecordedRequest(
            reader.GetInt64(reader.GetOrdinal("UsageEventId")),
            outcome,
            reader.GetDecimal(reader.GetOrdinal("CostAmount")),
            reader.GetDateTime(reader.GetOrdinal("HourBucket")));
    }

    private static SqlCommand Procedure(SqlConnection connection, string name) => new(name, connection) { CommandType = CommandType.StoredProcedure };

    private static string Hour(DateTime hour) => hour.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);

    private sealed record AuthenticatedKey(int ApiKeyId, int OrganizationId, string Prefix);

    private sealed record RecordedRequest(long UsageEventId, string Outcome, decimal Cost, DateTime HourBucket);
}
