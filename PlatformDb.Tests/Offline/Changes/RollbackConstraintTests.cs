using System.Text.RegularExpressions;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// A rollback must accept every row the build accepted. DacFx creates a changed or re-added CHECK constraint
/// WITH NOCHECK and then runs <c>ALTER TABLE … WITH CHECK CHECK CONSTRAINT</c> at the end of the script, after the
/// post-deployment script and after the schema transaction committed; a row that only the newer release's (looser)
/// check accepted fails that statement with error 547 and leaves a half-finished rollback.
/// </summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed partial class RollbackConstraintTests(SnapshotPlansFixture fixture)
{
    [Fact]
    public void The_rollback_plan_to_the_newest_release_revalidates_no_check_constraint()
    {
        var script = fixture.Plan("current", fixture.Newest.ToString()).Script;

        var rechecked = RecheckedCheckConstraint().Matches(script).Select(m => m.Groups["name"].Value).ToList();

        Assert.True(
            rechecked.Count == 0,
            $"Rolling back to {fixture.Newest} re-validates these CHECK constraints against rows this build accepted: "
            + string.Join(", ", rechecked)
            + ". Keep each such check exactly as the newest release has it (loosen it only after that release leaves the rollback window).");
    }

    [GeneratedRegex(@"WITH CHECK CHECK CONSTRAINT \[(?<name>CK_[^\]]+)\]")]
    private static partial Regex RecheckedCheckConstraint();
}
