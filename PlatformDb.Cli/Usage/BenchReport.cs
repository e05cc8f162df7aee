using System.Globalization;
using System.Text;

namespace PlatformDb.Cli.Usage;

/// <summary>Median and 95th percentile (nearest rank) of a set of timings.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static double Median(IReadOnlyCollection<double> values) => Of(values, 50);

    public static double P95(IReadOnlyCollection<double> values) => Of(values, 95);
}

/// <summary>One line of the benchmark's result: a timing (median and p95) or a single value, with its goal.</summary>
public sealed record BenchMeasurement(string Name, string Unit, double? Median, double? P95, double? Value, string Goal = "", string Note = "")
{
    public static BenchMeasurement Timing(string name, IReadOnlyCollection<double> milliseconds, string goal = "", string note = "") =>
        new(name, "ms", Percentiles.Median(milliseconds), Percentiles.P95(milliseconds), null, goal, note);
}

/// <summary>The benchmark's Markdown table and CSV; raw-versus-rollup ratios are median over median.</summary>
public static class BenchReport
{
    public const string DashboardGoal = "p50 ≤ 5 ms, p95 ≤ 20 ms at 10M events";
    public const string RawGoal = "≤ 250 ms at 10M events";
    public const string IngestGoal = "≥ 50k events/s with the view";
    public const string RetentionGoal = "a month < 1 s";
    public const string FootprintGoal = "≤ 200 bytes per event";

    public static string Markdown(string title, IReadOnlyList<string> environment, IReadOnlyList<BenchMeasurement> measurements, IReadOnlyList<(string Name, double Ratio)> ratios)
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        foreach (var line in environment)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        text.AppendLine().AppendLine("| Measurement | Unit | Median | p95 | Value | Goal | Note |").AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var m in measurements)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {m.Name} | {m.Unit} | {Number(m.Median)} | {Number(m.P95)} | {Number(m.Value)} | {m.Goal} | {m.Note} |");
        }

        if (ratios.Count > 0)
        {
            text.AppendLine().AppendLine("| Raw ÷ rollup (median) | Ratio |").AppendLine("|---|---:|");
            foreach (var (name, ratio) in ratios)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Number(ratio)}× |");
            }
        }

        return text.ToString();
    }

    public static string Csv(IReadOnlyList<BenchMeasurement> measurements, IReadOnlyList<(string Name, double Ratio)> ratios)
    {
        var text = new StringBuilder().AppendLine("measurement,unit,median,p95,value,goal,note");
        foreach (var m in measurements)
        {
            text.AppendLine(string.Join(',', Quote(m.Name), Quote(m.Unit), Number(m.Median), Number(m.P95), Number(m.Value), Quote(m.Goal), Quote(m.Note)));
        }

        foreach (var (name, ratio) in ratios)
        {
            text.AppendLine(string.Join(',', Quote($"raw/rollup: {name}"), "ratio", "", "", Number(ratio), "", ""));
        }

        return text.ToString();
    }

    private static string Number(double? value) => value switch
    {
        null => "",
        >= 100 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Quote(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
}
