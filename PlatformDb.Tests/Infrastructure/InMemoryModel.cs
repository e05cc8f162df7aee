using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Cli.Schema;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>Builds a small DacFx model from T-SQL text, to show that a model rule catches a violation.</summary>
public static class InMemoryModel
{
    public static SchemaCatalog Catalog(params string[] scripts)
    {
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        for (var i = 0; i < scripts.Length; i++)
        {
            model.AddObjects(scripts[i], new TSqlObjectOptions());
        }

        var errors = model.Validate().Where(m => m.MessageType == DacMessageType.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Test model is invalid: " + string.Join("; ", errors.Select(e => e.Message)));
        }

        return SchemaCatalogReader.Read(model);
    }
}
