using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Every case in TestData/BadInput must be refused by the rule it names, every case in TestData/GoodInput must be
/// accepted. Each case runs in a transaction that is rolled back, so cases never see each other's rows.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class BadInputIsRejectedTests(LiveDatabaseFixture fixture)
{
    public static TheoryData<string> BadCases => new(InputCase.Names(InputCaseKind.BadInput));

    public static TheoryData<string> GoodCases => new(InputCase.Names(InputCaseKind.GoodInput));

    [Theory]
    [MemberData(nameof(BadCases))]
    public async Task Bad_input_is_rejected_by_the_named_rule(string caseName)
    {
        fixture.SkipIfUnavailable();
        var inputCase = InputCase.Load(InputCaseKind.BadInput, caseName);
        Assert.Empty(inputCase.HeaderProblems);

        var error = await InputCaseRunner.RunAndRollBackAsync(fixture.ConnectionString, inputCase, TestContext.Current.CancellationToken);

        var expectation = inputCase.ExpectedErrorNumber is { } n ? $"error {n}" : $"an error naming {inputCase.ExpectedName}";
        if (error is null)
        {
            Assert.Fail($"{caseName}: expected {expectation}, but the server accepted the batch.");
        }

        if (inputCase.ExpectedErrorNumber is { } expectedNumber)
        {
            var numbers = InputCaseRunner.ErrorNumbers(error);
            Assert.True(
                numbers.Contains(expectedNumber),
                $"{caseName}: expected error {expectedNumber}, got {string.Join(", ", numbers)}: {error.Message}");
        }
        else
        {
            var accepted = inputCase.AlternativeNames.Prepend(inputCase.ExpectedName!).ToList();
            Assert.True(
                accepted.Any(name => InputCaseRunner.Names(error.Message, name)),
                $"{caseName}: expected an error naming {string.Join(" or ", accepted)}, got error {error.Number}: {error.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public async Task Valid_input_is_accepted(string caseName)
    {
        fixture.SkipIfUnavailable();
        var inputCase = InputCase.Load(InputCaseKind.GoodInput, caseName);
        Assert.Empty(inputCase.HeaderProblems);

        var error = await InputCaseRunner.RunAndRollBackAsync(fixture.ConnectionString, inputCase, TestContext.Current.CancellationToken);

        Assert.True(error is null, $"{caseName}: the server refused valid input with error {error?.Number}: {error?.Message}");
    }
}
