using PlatformDb.Tests.Infrastructure.Tsqlt;

namespace PlatformDb.Tests.Live.Tsqlt;

/// <summary>
/// Every tSQLt test of PlatformDb.Tests/tSQLt as its own theory row (listed offline by <see cref="TsqltSuite"/>), run on
/// the live server with tSQLt.Run; the row fails with tSQLt's own message when tSQLt records anything but Success.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class TsqltSuiteTests(TsqltDatabaseFixture fixture) : IClassFixture<TsqltDatabaseFixture>
{
    public static IEnumerable<TheoryDataRow<string, string>> Tests => TsqltSuite.TheoryRows();

    [Theory]
    [MemberData(nameof(Tests))]
    public async Task Tsqlt_test_succeeds(string className, string testName)
    {
        fixture.SkipIfUnavailable();
        var test = TsqltSuite.Tests().Single(t => t.ClassName == className && t.TestName == testName);

        var outcome = await TsqltHarness.RunAsync(fixture.ConnectionString, test, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, $"{test.RunName} ({test.File}:{test.Line}): {outcome.Result}: {outcome.Message}");
    }
}
