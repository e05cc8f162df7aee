namespace PlatformDb.Tests.Infrastructure;

/// <summary>Which folder of TestData a case lives in: inputs the schema must refuse, or accept.</summary>
public enum InputCaseKind
{
    BadInput,
    GoodInput,
}

/// <summary>
/// One T-SQL case file from TestData/BadInput or TestData/GoodInput. The file is one batch; its leading
/// comment lines may carry headers:
/// <c>-- expect: &lt;ConstraintOrIndexName&gt;</c> (the error must name it),
/// <c>-- expect-or: &lt;Name&gt;</c> (another name the same bad row also breaks, accepted instead),
/// <c>-- expect-error: &lt;number&gt;</c> (a THROW number),
/// <c>-- covers: &lt;Name&gt;</c> (a rule this case stands for although the error names another),
/// <c>-- rule: &lt;one sentence&gt;</c>.
/// </summary>
public sealed record InputCase(
    InputCaseKind Kind,
    string Name,
    string Sql,
    string? ExpectedName,
    IReadOnlyList<string> AlternativeNames,
    int? ExpectedErrorNumber,
    IReadOnlyList<string> Covers,
    string? Rule,
    IReadOnlyList<string> HeaderProblems)
{
    public static string Folder(InputCaseKind kind) => Path.Combine(RepoPaths.TestData, kind.ToString());

    /// <summary>Case names (file names without .sql), sorted, so each becomes its own theory row.</summary>
    public static IReadOnlyList<string> Names(InputCaseKind kind)
    {
        var folder = Folder(kind);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.sql")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static IEnumerable<InputCase> All(InputCaseKind kind) => Names(kind).Select(name => Load(kind, name));

    public static InputCase Load(InputCaseKind kind, string name) =>
        Parse(kind, name, File.ReadAllText(Path.Combine(Folder(kind), name + ".sql")));

    public static InputCase Parse(InputCaseKind kind, string name, string text)
    {
        string? expected = null;
        int? errorNumber = null;
        string? rule = null;
        var alternatives = new List<string>();
        var covers = new List<string>();
        var problems = new List<string>();

        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // Headers are the comment lines before the first statement.
            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var body = line[2..].Trim();
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = body[..colon].Trim().ToLowerInvariant();
            var value = body[(colon + 1)..].Trim();
            switch (key)
            {
                case "expect":
                    if (expected is not null)
                    {
                        problems.Add("more than one '-- expect:' line");
                    }

                    expected = value;
                    break;
                case "expect-or":
                    alternatives.Add(value);
                    break;
                case "expect-error":
                    if (int.TryParse(value, out var number))
                    {
                        errorNumber = number;
                    }
                    else
                    {
                        problems.Add($"'-- expect-error: {value}' is not a number");
                    }

                    break;
                case "covers":
                    covers.Add(value);
                    break;
                case "rule":
                    rule = value;
                    break;
                default:
                    break;
            }
        }

        if (kind == InputCaseKind.BadInput && (expected is null) == (errorNumber is null))
        {
            problems.Add("a bad-input case needs exactly one of '-- expect: <name>' and '-- expect-error: <number>'");
        }

        if (kind == InputCaseKind.GoodInput && (expected is not null || errorNumber is not null))
        {
            problems.Add("a good-input case must not expect an error");
        }

        if (alternatives.Count > 0 && expected is null)
        {
            problems.Add("'-- expect-or:' needs an '-- expect:' line");
        }

        return new InputCase(kind, name, text, expected, alternatives, errorNumber, covers, rule, problems);
    }

    /// <summary>Every constraint or index name this case stands for in the coverage check.</summary>
    public IEnumerable<string> CoveredNames =>
        (ExpectedName is null ? Covers : Covers.Prepend(ExpectedName)).Distinct(StringComparer.Ordinal);
}
