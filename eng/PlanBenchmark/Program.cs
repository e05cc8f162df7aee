using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Cli;
using PlatformDb.Cli.Deploy;

// Measures what `platformdb plan` costs on top of the one DacFx comparison it cannot avoid. For each dacpac pair it
// alternates N in-process runs of `plan` (CliApp.RunAsync, files written with --out) with N bare DacFx comparisons
// (load both packages, DacServices.Script with the same options, script and report), after one warm-up of each,
// and writes the medians and their ratio.
//   dotnet run -c Release --project eng/PlanBenchmark -- [runs] [output.md]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
var root = RepoLocator.FindRoot(AppContext.BaseDirectory);
var report = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(root, "artifacts", "plan-benchmark.md");
var scratch = Directory.CreateTempSubdirectory("platformdb-bench-").FullName;
try
{
    var snapshots = Path.Combine(root, "Snapshots");
    var ours = new Pair("v1.0.0 -> v1.1.0 (releases)",
        Path.Combine(snapshots, "v1.0.0", "PlatformDb.Sql.dacpac"), Path.Combine(snapshots, "v1.1.0", "PlatformDb.Sql.dacpac"),
        ["--snapshots", snapshots, "plan", "--from", "1.0.0", "--to", "1.1.0"]);
    var (start, end) = Synthetic.Build(scratch, tables: 39);
    var large = new Pair("synthetic, 3x the tables (plain dacpacs)", start, end,
        ["plan", "--from", start, "--to", end, "--intent", "apply"]);

    var table = new StringBuilder();
    table.AppendLine(CultureInfo.InvariantCulture, $"| Pair | Runs | platformdb plan (median ms) | bare DacFx Script (median ms) | Ratio |");
    table.AppendLine("|---|---|---|---|---|");
    foreach (var pair in new[] { ours, large })
    {
        var (plan, bare) = await Measure(pair, runs, scratch);
        table.AppendLine(CultureInfo.InvariantCulture, $"| {pair.Name} | {runs} | {plan:0} | {bare:0} | {plan / bare:0.00}x |");
        Console.Error.WriteLine($"{pair.Name}: plan {plan:0} ms, bare {bare:0} ms, ratio {plan / bare:0.00}");
    }

    Directory.CreateDirectory(Path.GetDirectoryName(report)!);
    File.WriteAllText(report, table.ToString());
    Console.Write(table);
    Console.Error.WriteLine($"Wrote {report}");
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

static async Task<(double Plan, double Bare)> Measure(Pair pair, int runs, string scratch)
{
    var plan = new List<double>();
    var bare = new List<double>();
    for (var i = -1; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            var code = await CliApp.RunAsync([.. pair.PlanArgs, "--out", Path.Combine(scratch, "out")], output, error);
            if (code is not (0 or 4))
            {
                throw new InvalidOperationException($"plan exited {code}: {error}");
            }
        }

        var planMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        using (var source = DacPackage.Load(pair.End, DacSchemaModelStorageType.Memory))
        using (var target = DacPackage.Load(pair.Start, DacSchemaModelStorageType.Memory))
        {
            var result = DacServices.Script(source, target, source.Name, new PublishOptions
            {
                DeployOptions = DeployOptionsFactory.Create(DeployIntent.Apply),
                GenerateDeploymentScript = true,
                GenerateDeploymentReport = true,
            });
            GC.KeepAlive(result.DatabaseScript.Length + result.DeploymentReport.Length);
        }

        var bareMs = clock.Elapsed.TotalMilliseconds;
        if (i >= 0)
        {
            plan.Add(planMs);
            bare.Add(bareMs);
        }
    }

    return (Median(plan), Median(bare));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record Pair(string Name, string Start, string End, string[] PlanArgs);

/// <summary>Two related models: tables shaped like PlatformDb's (keys, checks, defaults, FKs, indexes, descriptions, procs, grants); the second changes some.</summary>
internal static class Synthetic
{
    public static (string Start, string End) Build(string directory, int tables) =>
        (Pack(directory, "synthetic-1.dacpac", Scripts(tables, changed: false)), Pack(directory, "synthetic-2.dacpac", Scripts(tables, changed: true)));

    private static IEnumerable<string> Scripts(int tables, bool changed)
    {
        yield return "CREATE SCHEMA [bench];";
        yield return "CREATE ROLE [bench_app];";
        for (var t = 0; t < tables; t++)
        {
            var alter = changed && t % 5 == 0;
            var columns = new StringBuilder();
            columns.Append(CultureInfo.InvariantCulture, $"[T{t}Id] INT NOT NULL CONSTRAINT [PK_T{t}] PRIMARY KEY, ");
            columns.Append(CultureInfo.InvariantCulture, $"[Name] NVARCHAR ({(alter ? 200 : 100)}) NOT NULL CONSTRAINT [CK_T{t}_Name] CHECK (LEN([Name]) > 0), ");
            columns.Append(CultureInfo.InvariantCulture, $"[CreatedAt] DATETIME2 (3) NOT NULL CONSTRAINT [DF_T{t}_CreatedAt] DEFAULT (SYSUTCDATETIME()), ");
            columns.Append("[Amount] DECIMAL (18, 2) NULL, [Flag] BIT NOT NULL CONSTRAINT [DF_T" + t + "_Flag] DEFAULT (0), [Code] VARCHAR (20) NULL, ");
            columns.Append(t > 0 ? $"[ParentId] INT NULL CONSTRAINT [FK_T{t}_T{t - 1}] REFERENCES [bench].[T{t - 1}] ([T{t - 1}Id]), " : "[ParentId] INT NULL, ");
            columns.Append(alter ? "[Note] NVARCHAR (400) NULL" : "[Legacy] NVARCHAR (50) NULL");
            yield return $"CREATE TABLE [bench].[T{t}] ({columns});";
            yield return $"CREATE INDEX [IX_T{t}_Code] ON [bench].[T{t}] ([Code]);";
            foreach (var column in new[] { "Name", "CreatedAt", "Amount", "Code" })
            {
                yield return $"EXEC sp_addextendedproperty @name = N'MS_Description', @value = N'{column} of T{t}.', @level0type = N'SCHEMA', @level0name = N'bench', @level1type = N'TABLE', @level1name = N'T{t}', @level2type = N'COLUMN', @level2name = N'{column}';";
            }

            if (t % 3 == 0)
            {
                yield return $"CREATE PROCEDURE [bench].[GetT{t}] @Id INT AS SET NOCOUNT ON; SELECT [T{t}Id], [Name], [Code] FROM [bench].[T{t}] WHERE [T{t}Id] = @Id;";
                yield return $"GRANT EXECUTE ON OBJECT::[bench].[GetT{t}] TO [bench_app];";
            }
        }
    }

    private static string Pack(string directory, string name, IEnumerable<string> scripts)
    {
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var script in scripts)
        {
            model.AddObjects(script);
        }

        var path = Path.Combine(directory, name);
        DacPackageExtensions.BuildPackage(path, model, new PackageMetadata { Name = "BenchDb", Version = "1.0.0" });
        return path;
    }
}
