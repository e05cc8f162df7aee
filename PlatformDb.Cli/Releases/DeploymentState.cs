using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Releases;

/// <summary>Where a database or a package stands in the release line: a release, the current build, or unknown.</summary>
public sealed record ReleasePoint(string Label, SemanticVersion? Version, bool IsCurrent)
{
    /// <summary>No recorded release: a new database, one never published by platformdb, a live database as a plan's start, a plain dacpac.</summary>
    public static readonly ReleasePoint Unknown = new("an unrecorded state", null, false);

    public bool IsKnown => Version is not null || IsCurrent;

    public static ReleasePoint Of(PackageSource source) => new(source.Label, source.Version, source.IsCurrent);

    /// <summary>The point a history row names: a version, or "current" for an unreleased build.</summary>
    public static ReleasePoint Recorded(string version) =>
        SemanticVersion.TryParse(version, out var release)
            ? new ReleasePoint($"v{release}", release, false)
            : new ReleasePoint("current build", null, string.Equals(version, "current", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The recorded deployment state of a database, read from ops.DeploymentHistory. The effective deployment is the newest
/// row whose schema change committed (completed, schema-applied, or failed after the schema step); a started row, or
/// one that failed before its schema committed, does not count.
/// </summary>
public sealed record DeploymentState(DeploymentLog Log)
{
    public DeploymentRecord? Latest => Log.Records.FirstOrDefault();

    public DeploymentRecord? Effective => Log.Records.FirstOrDefault(r => r.SchemaApplied);

    public ReleasePoint Deployed => Effective is { } effective ? ReleasePoint.Recorded(effective.Version) : ReleasePoint.Unknown;

    /// <summary>The newest deployment did not finish: it is started, schema-applied or failed.</summary>
    public bool IsHalfFinished => Latest is { Status: not DeploymentStatus.Completed };

    /// <summary>For a half-finished deployment: which schema the database most likely has and what to do; else null.</summary>
    public string? Explanation()
    {
        if (Latest is not { } latest || !IsHalfFinished)
        {
            return null;
        }

        var what = $"The last deployment (#{latest.DeploymentId}, {latest.Action} to {latest.Version}) is {latest.Status}";
        var previous = Effective is { } effective ? $"v{effective.Version}" : "no recorded release";
        var reason = latest.Message?.TrimEnd('.', ' ');
        return latest.Status switch
        {
            DeploymentStatus.Failed when latest.SchemaApplied =>
                $"{what}: {reason}. The schema change committed, so the database most likely has {latest.Version}'s schema " +
                $"with its post-deployment data incomplete. Fix the cause and run 'platformdb {ApplyOrRollback(latest)}' again, " +
                $"or roll back to the release before it.",
            DeploymentStatus.Failed =>
                $"{what}: {reason}. The schema change did not commit, so the database most likely still has {previous}'s schema. " +
                $"Fix the cause and run 'platformdb {ApplyOrRollback(latest)}' again.",
            DeploymentStatus.SchemaApplied =>
                $"{what}: its schema change committed but the run never marked it completed (the CLI stopped or a post-deployment " +
                $"script is still running or failed). The database most likely has {latest.Version}'s schema; run " +
                $"'platformdb {ApplyOrRollback(latest)}' again to finish it.",
            _ =>
                $"{what}: the run stopped before its schema change was known to commit. The database most likely still has " +
                $"{previous}'s schema (drift compares with it). Check that no other publish is still running, then run " +
                $"'platformdb {ApplyOrRollback(latest)}' again.",
        };
    }

    private static string ApplyOrRollback(DeploymentRecord record) =>
        record.Action == "rollback" ? $"rollback --to {record.Version}" : $"apply --version {record.Version}";
}
