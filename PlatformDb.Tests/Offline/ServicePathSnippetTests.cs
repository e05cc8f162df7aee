using System.Diagnostics;
using Microsoft.Data.SqlClient;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>The README's service-path snippet is the compiled <see cref="ServicePathSnippet"/>, and it reaches the network.</summary>
public sealed class ServicePathSnippetTests
{
    /// <summary>The README line right before the snippet's code block.</summary>
    public const string ReadmeMarker = "<!-- snippet: PlatformDb.Tests/Offline/ServicePathSnippet.cs#service-path -->";

    [Fact]
    public void The_readme_snippet_equals_the_compiled_region()
    {
        var compiled = CompiledRegion();
        var readme = ReadmeBlock();

        Assert.True(compiled.Count > 10, "the region is empty");
        Assert.Equal(string.Join('\n', compiled), string.Join('\n', readme));
    }

    [Fact]
    public async Task Against_an_unreachable_server_the_snippet_fails_fast_with_the_network_error()
    {
        const string Unreachable = "Server=tcp:127.0.0.1,1;Database=PlatformDb;User ID=sa;Password=not-a-secret;Connect Timeout=2;Encrypt=False";
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqlException>(() =>
            ServicePathSnippet.RecordOneRequestAsync(Unreachable, "pdb_dev_0001_x", 1, TestContext.Current.CancellationToken));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Contains("network-related", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The lines between the markers, without their common indentation.</summary>
    private static List<string> CompiledRegion()
    {
        var lines = Lines(Path.Combine(RepoPaths.Root, "PlatformDb.Tests", "Offline", "ServicePathSnippet.cs"));
        var start = lines.FindIndex(l => l.Trim() == "// <service-path>");
        var end = lines.FindIndex(l => l.Trim() == "// </service-path>");
        Assert.True(start >= 0 && end > start, "service-path markers not found");
        var region = lines[(start + 1)..end];
        var indent = region.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList();
    }

    /// <summary>The ```csharp block that follows <see cref="ReadmeMarker"/> in README.md.</summary>
    private static List<string> ReadmeBlock()
    {
        var lines = Lines(Path.Combine(RepoPaths.Root, "README.md"));
        var marker = lines.FindIndex(l => l.Trim() == ReadmeMarker);
        Assert.True(marker >= 0, $"README.md lacks the line {ReadmeMarker}");
        Assert.Equal("```csharp", lines[marker + 1].Trim());
        var end = lines.FindIndex(marker + 2, l => l.Trim() == "```");
        Assert.True(end > marker, "the README's csharp block is not closed");
        return lines[(marker + 2)..end];
    }

    private static List<string> Lines(string path) =>
        File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToList();
}
