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
    /// Splits a script into the batches sqlcmd and SSMS would send: on lines that hold only GO (any case, optional
    /// trailing line comment), where <c>GO n</c> sends the batch n times. A GO line inside a block comment (nested ones
    /// included, as SQL Server nests them), a string literal or a bracketed or double-quoted identifier does not end the
    /// batch, so the split agrees with ScriptDom's, which the offline checks parse with (the release's tSQLt.class.sql and
    /// PrepareServer.sql are split the same way).
    /// </summary>
    public static IReadOnlyList<SqlBatch> SplitBatches(string text)
    {
        var batches = new List<SqlBatch>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var current = new List<string>();
        var start = 1;
        var lexer = new LexerState();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lexer.AtTopLevel && GoLine().Match(lines[i]) is { Success: true } go)
            {
                var count = go.Groups["count"].Success ? int.Parse(go.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                if (count < 1)
                {
                    throw new InvalidOperationException($"Line {i + 1}: GO {count} repeats a batch less than once.");
                }

                for (var repeat = 0; repeat < count; repeat++)
                {
                    Add(batches, start, current);
                }

                current.Clear();
                start = i + 2;
                continue;
            }

            current.Add(lines[i]);
            lexer.Scan(lines[i]);
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

    /// <summary>Where a line-by-line scan of T-SQL stands: inside block comments (and how deep) or a quoted token.</summary>
    private sealed class LexerState
    {
        private int commentDepth;
        private char? closingQuote;

        public bool AtTopLevel => commentDepth == 0 && closingQuote is null;

        public void Scan(string line)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                var next = i + 1 < line.Length ? line[i + 1] : '\0';
                if (closingQuote is { } quote)
                {
                    if (c == quote)
                    {
                        if (next == quote)
                        {
                            i++; // '' inside a string, ]] inside brackets, "" inside quotes
                        }
                        else
                        {
                            closingQuote = null;
                        }
                    }
                }
                else if (commentDepth > 0)
                {
                    if (c == '/' && next == '*')
                    {
                        commentDepth++;
                        i++;
                    }
                    else if (c == '*' && next == '/')
                    {
                        commentDepth--;
                        i++;
                    }
                }
                else if (c == '-' && next == '-')
                {
                    return; // the rest of the line is a comment
                }
                else if (c == '/' && next == '*')
                {
                    commentDepth = 1;
                    i++;
                }
                else if (c is '\'' or '"')
                {
                    closingQuote = c;
                }
                else if (c == '[')
                {
                    closingQuote = ']';
                }
            }
        }
    }

    [GeneratedRegex(@"^\s*GO(?:\s+(?<count>[0-9]+))?\s*(--.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GoLine();
}
