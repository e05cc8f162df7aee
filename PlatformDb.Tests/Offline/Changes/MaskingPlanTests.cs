using System.Text.RegularExpressions;
using PlatformDb.Cli.Schema;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// "Adding a dynamic data mask is implemented as a schema change on the underlying table, and therefore can't be
/// performed on a column with dependencies ... you can drop the index, then add the mask, and then re-create the
/// dependent index" (dynamic data masking docs, limitations). The upgrade from the newest release must therefore drop
/// every index on a column it masks before the ALTER COLUMN ... ADD MASKED and create it again afterwards; DacFx did so
/// for UQ_User_Email_Live in v1.5.0 (docs/security.md, "Dynamic data masking").
/// </summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed partial class MaskingPlanTests(SnapshotPlansFixture fixture)
{
    /// <summary>v1.4.1 is the last release without the masks of v1.5.0; released snapshots never change.</summary>
    private const string BeforeMasks = "1.4.1";

    [Fact]
    public void The_upgrade_drops_each_index_on_a_column_it_masks_before_the_mask_and_creates_it_after()
    {
        var script = fixture.Plan(BeforeMasks, "current").Script;
        var catalog = SchemaCatalogReader.Load(RepoPaths.BuiltDacpac);

        var masks = AddMasked().Matches(script);
        Assert.True(masks.Count >= 3, $"The upgrade from {BeforeMasks} adds {masks.Count} masks; v1.5.0 added three.");

        var problems = new List<string>();
        foreach (Match mask in masks)
        {
            var table = catalog.Table($"{mask.Groups["schema"].Value}.{mask.Groups["table"].Value}");
            var column = mask.Groups["column"].Value;
            foreach (var index in table.Indexes.Where(i => i.Columns.Contains(column, StringComparer.OrdinalIgnoreCase)))
            {
                var drop = script.IndexOf($"DROP INDEX [{index.Name}]", StringComparison.Ordinal);
                var create = script.IndexOf($"INDEX [{index.Name}]", mask.Index, StringComparison.Ordinal);
                if (drop < 0 || drop > mask.Index || create < 0)
                {
                    problems.Add($"{table.FullName}.{column} is masked while {index.Name} depends on it");
                }
            }
        }

        Assert.Empty(problems);
    }

    [GeneratedRegex(@"ALTER TABLE \[(?<schema>[^\]]+)\]\.\[(?<table>[^\]]+)\] ALTER COLUMN \[(?<column>[^\]]+)\] ADD MASKED")]
    private static partial Regex AddMasked();
}
