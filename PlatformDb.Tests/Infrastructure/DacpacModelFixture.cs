using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Cli.Schema;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>The DacFx model of the built dacpac, loaded once for every offline test that reads it.</summary>
public sealed class DacpacModelFixture : IDisposable
{
    public DacpacModelFixture()
    {
        Model = TSqlModel.LoadFromDacpac(RepoPaths.BuiltDacpac, new ModelLoadOptions());
        Catalog = SchemaCatalogReader.Read(Model);
    }

    public TSqlModel Model { get; }

    /// <summary>The same model as plain records (tables, columns, keys, constraints, indexes, descriptions).</summary>
    public SchemaCatalog Catalog { get; }

    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DacpacModelCollection : ICollectionFixture<DacpacModelFixture>
{
    public const string Name = "Built dacpac model";
}
