using System.Text.RegularExpressions;
using PlatformDb.Cli.Schema;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// A rollback must accept every row the build accepted. DacFx creates a changed or re-added CHECK constraint
/// WITH NOCHECK and then runs <c>ALTER TABLE … WITH CHECK CHECK CONSTRAINT</c> at the end of the script, after the
/// post-deployment script and after the schema transaction committed; a row that only the newer release's (looser)
/// check accepted fails that statement with error 547 and leaves a half-finished rollback. A check that both ends
/// define identically is safe to re-validate: every row was written under that same rule. DacFx re-creates such checks
/// when a column they read changes in another way (v1.5.0: removing a dynamic data mask from identity.User.Email).
/// </summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed partial class RollbackConstraintTests(SnapshotPlansFixture fixture)
{
    [Fact]
    public void The_rollback_plan_to_the_newest_release_revalidates_no_check_constraint()
    {
        var script = fixture.Plan("current", fixture.Newest.ToString()).Script;

        var unchanged = UnchangedChecks(RepoPaths.BuiltDacpac, fixture.Store.DacpacPath(fixture.Newest));

        var rechecked = RecheckedCheckConstraint().Matches(script).Select(m => m.Groups["name"].Value)
            .Where(name => !unchanged.Contains(name)).ToList();

        Assert.True(
            rechecked.Count == 0,
            $"Rolling back to {fixture.Newest} re-validates these CHECK constraints against rows this build accepted: "
            + string.Join(", ", rechecked)
            + ". Keep each such check exactly as the newest release has it (loosen it only after that release leaves the rollback window).");
    }

    private static HashSet<string> UnchangedChecks(string buildDacpac, string releaseDacpac)
    {
        static Dictionary<string, string> Checks(string dacpac) => SchemaCatalogReader.Load(dacpac).Tables
            .SelectMany(t => t.Checks.Where(c => c.Name is not null).Select(c => (Name: c.Name!, Rule: $"{t.FullName}:{c.Expression}")))
            .ToDictionary(c => c.Name, c => c.Rule, StringComparer.OrdinalIgnoreCase);

        var release = Checks(releaseDacpac);
        return Checks(buildDacpac).Where(c => release.TryGetValue(c.Key, out var rule) && rule == c.Value)
            .Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"WITH CHECK CHECK CONSTRAINT \[(?<name>CK_[^\]]+)\]")]
    private static partial Regex RecheckedCheckConstraint();
}
