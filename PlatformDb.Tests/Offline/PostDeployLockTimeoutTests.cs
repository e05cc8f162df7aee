using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// Post-deployment scripts run after the schema transaction commits, so an error there marks a publish failed although
/// its schema is in place. The partition step may meet a lock timeout under live ingest; it must report it, not fail.
/// </summary>
public sealed class PostDeployLockTimeoutTests
{
    private static readonly string Script = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "Ops", "EnsureUsagePartitions.sql"));

    [Fact]
    public void The_partition_step_reports_a_lock_timeout_and_rethrows_anything_else()
    {
        var parsed = SqlScripts.Parse(Script);

        Assert.Empty(parsed.Errors);
        Assert.Contains("BEGIN CATCH", Script, StringComparison.Ordinal);
        Assert.Contains("ERROR_NUMBER() <> 1222", Script, StringComparison.Ordinal);
        Assert.Contains("THROW;", Script, StringComparison.Ordinal);
        // The CATCH must leave no uncommittable transaction behind for the scripts that follow.
        Assert.True(Script.IndexOf("ROLLBACK TRANSACTION", StringComparison.Ordinal) < Script.IndexOf("THROW;", StringComparison.Ordinal));
    }
}
