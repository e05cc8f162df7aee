using System.Text.RegularExpressions;

namespace PlatformDb.Tests.Infrastructure.Tsqlt;

/// <summary>The three folders of the tSQLt suite, in the order the harness creates them.</summary>
public enum TsqltFolder
{
    /// <summary>Shared builders in schema TestData, created first.</summary>
    Support,

    /// <summary>Hand-written test classes, one class per file.</summary>
    Tests,

    /// <summary>Test classes generated from TestData (InputCaseTests.sql).</summary>
    Generated,
}

/// <summary>One .sql file of the tSQLt suite.</summary>
/// <param name="Folder">The folder it lives in.</param>
/// <param name="Name">The file name without .sql: for a test class, the class (and schema) name.</param>
/// <param name="RelativePath">Relative to the repository root, with forward slashes (for messages).</param>
public sealed record TsqltFile(TsqltFolder Folder, string Name, string RelativePath)
{
    public string FullPath => Path.Combine(RepoPaths.Root, RelativePath);

    public string Read() => File.ReadAllText(FullPath);

    public bool IsTestClass => Folder is TsqltFolder.Tests or TsqltFolder.Generated;

    public override string ToString() => RelativePath;
}

/// <summary>One batch of a file split on GO lines, with the file line it starts on (1-based).</summary>
public sealed record SqlBatch(int StartLine, string Text);

/// <summary>
/// Finds the tSQLt files. They are read from the repository (like the schema project's files), not from the build
/// output, so the staleness check and the generator see the same file; they are not part of PlatformDb.Sql, so they
/// never reach the dacpac.
/// </summary>
public static partial class TsqltFiles
{
    public static string Root => Path.Combine(RepoPaths.Root, "PlatformDb.Tests", "tSQLt");

    public static string FolderPath(TsqltFolder folder) => Path.Combine(Root, folder.ToString());

    /// <summary>Every file, in install order: Support, then Tests, then Generated, each sorted by name.</summary>
    public static IReadOnlyList<TsqltFile> All() =>
        Enum.GetValues<TsqltFolder>().SelectMany(In).ToList();

    public static IReadOnlyList<TsqltFile> In(TsqltFolder folder)
    {
        var path = FolderPath(folder);
        if (!Directory.Exists(path))
        {
            return [];
        }

        return Directory.EnumerateFiles(path, "*.sql")
            .Select(p => new TsqltFile(
                folder,
                Path.GetFileNameWithoutExtension(p),
                Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static TsqltFile Find(string relativePath) =>
        All().SingleOrDefault(f => f.RelativePath == relativePath)
        ?? throw new InvalidOperationException($"{relativePath} is not a tSQLt file.");

    /// <summary>
    /// Splits a script on lines that hold only GO (any case, optional trailing comment), as sqlcmd and SSMS do. A GO
    /// inside a block comment or string is not recognised; the suite's files do not have one. `GO n` is not supported.
    /// </summary>
    public static IReadOnlyList<SqlBatch> SplitBatches(string text)
    {
        var batches = new List<SqlBatch>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var current = new List<string>();
        var start = 1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (GoLine().IsMatch(lines[i]))
            {
                Add(batches, start, current);
                current.Clear();
                start = i + 2;
                continue;
            }

            current.Add(lines[i]);
        }

        Add(batches, start, current);
        return batches;

        static void Add(List<SqlBatch> batches, int start, List<string> lines)
        {
            var text = string.Join('\n', lines);
            if (text.Trim().Length > 0)
            {
                batches.Add(new SqlBatch(start, text));
            }
        }
    }

    [GeneratedRegex(@"^\s*GO\s*(--.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GoLine();
}
