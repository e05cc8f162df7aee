using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>The repository's T-SQL files and a ScriptDom parser for them.</summary>
public static class SqlScripts
{
    /// <summary>Every .sql file of the schema project and the post-deployment scripts, relative to the repository root.</summary>
    public static IEnumerable<string> All() =>
        new[] { RepoPaths.SqlProject, RepoPaths.PostDeploy }
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.sql", SearchOption.AllDirectories))
            .Where(p => !IsBuildOutput(p))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static IEnumerable<string> Procedures() =>
        All().Where(p => p.Contains("/StoredProcedures/", StringComparison.Ordinal));

    /// <summary>Parses T-SQL as SQL Server 2022 does; SQLCMD directives (lines starting with ':') are blanked first.</summary>
    public static (TSqlFragment Fragment, IList<ParseError> Errors) Parse(string text)
    {
        var withoutSqlCmd = string.Join('\n', text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => line.TrimStart().StartsWith(':') ? string.Empty : line));
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(withoutSqlCmd);
        var fragment = parser.Parse(reader, out var errors);
        return (fragment, errors);
    }

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(RepoPaths.Root, relativePath));

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
