using System.Text.Json;

namespace PlatformDb.Cli.Snapshots;

/// <summary>The fields a manifest must have and their JSON types; the first problem is reported by its field path.</summary>
internal static class ManifestShape
{
    private static readonly string[] RequiredStrings = ["version", "date", "dacpac", "sha256", "summary"];

    public static string? FirstProblem(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the manifest must be a JSON object";
        }

        foreach (var name in RequiredStrings)
        {
            if (StringProblem(root, name, name, nullable: false) is { } problem)
            {
                return problem;
            }
        }

        return StringProblem(root, "previous", "previous", nullable: true, optional: true)
               ?? TransitionProblem(root, "upgrade")
               ?? TransitionProblem(root, "rollback");
    }

    private static string? TransitionProblem(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var transition) || transition.ValueKind == JsonValueKind.Null)
        {
            return $"field '{name}' is missing or null";
        }

        if (transition.ValueKind != JsonValueKind.Object)
        {
            return $"field '{name}' must be an object, not {Kind(transition)}";
        }

        if (StringProblem(transition, "dataLoss", $"{name}.dataLoss", nullable: false) is { } problem)
        {
            return problem;
        }

        if (!transition.TryGetProperty("expectedAlerts", out var alerts) || alerts.ValueKind == JsonValueKind.Null)
        {
            return $"field '{name}.expectedAlerts' is missing or null";
        }

        if (alerts.ValueKind != JsonValueKind.Array)
        {
            return $"field '{name}.expectedAlerts' must be an array, not {Kind(alerts)}";
        }

        var index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            var at = $"{name}.expectedAlerts[{index++}]";
            if (alert.ValueKind != JsonValueKind.Object)
            {
                return $"field '{at}' must be an object, not {Kind(alert)}";
            }

            if ((StringProblem(alert, "name", $"{at}.name", nullable: false)
                 ?? StringProblem(alert, "issue", $"{at}.issue", nullable: false)) is { } alertProblem)
            {
                return alertProblem;
            }
        }

        return null;
    }

    private static string? StringProblem(JsonElement parent, string name, string path, bool nullable, bool optional = false)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return optional ? null : $"field '{path}' is missing";
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when !nullable && string.IsNullOrWhiteSpace(value.GetString()) => $"field '{path}' is empty",
            JsonValueKind.String => null,
            JsonValueKind.Null when nullable => null,
            JsonValueKind.Null => $"field '{path}' is null",
            _ => $"field '{path}' must be a string, not {Kind(value)}",
        };
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };
}
