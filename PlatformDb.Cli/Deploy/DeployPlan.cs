namespace PlatformDb.Cli.Deploy;

/// <summary>A deploy script with its report: what a publish would do, computed without changing anything.</summary>
public sealed record DeployPlan(string Script, DeployReport Report)
{
    /// <summary>Writes deploy.sql, report.xml, summary.txt and (when given) plan.json into a folder and returns their paths.</summary>
    public IReadOnlyList<string> WriteTo(string directory, string summary, string? json = null)
    {
        Directory.CreateDirectory(directory);
        var files = new List<(string Path, string Text)>
        {
            (Path.Combine(directory, "deploy.sql"), Script),
            (Path.Combine(directory, "report.xml"), Report.Xml),
            (Path.Combine(directory, "summary.txt"), summary),
        };
        if (json is not null)
        {
            files.Add((Path.Combine(directory, "plan.json"), json));
        }

        foreach (var (path, text) in files)
        {
            File.WriteAllText(path, text);
        }

        return files.Select(f => f.Path).ToList();
    }
}
