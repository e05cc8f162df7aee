using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformDb.Cli.Plans;

/// <summary>The JSON form of a plan (docs/json-plan.md): camelCase, indented, every field always present.</summary>
public static class PlanJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Render(PlanDescription plan) => JsonSerializer.Serialize(plan, Options) + "\n";
}
