using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// The provider-secret rules of docs/security.md on the built model: the key material lives only in binary columns
/// guarded by checks, platform_app reads it only through tenancy.GetProviderCredential, the metadata procedures never
/// select it, and the rotation work list is granted to no role.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed class ProviderCredentialModelTests(DacpacModelFixture fixture)
{
    private const string Table = "tenancy.ProviderCredential";

    [Fact]
    public void Key_material_is_binary_and_checked_and_no_column_is_text_that_could_hold_the_secret()
    {
        var table = fixture.Catalog.Table(Table);

        Assert.Equal("varbinary(8000)", table.Column("Ciphertext")!.TypeName);
        Assert.Equal("varbinary(1024)", table.Column("WrappedDataKey")!.TypeName);
        Assert.Contains(table.Checks, c => c.Name == "CK_ProviderCredential_CiphertextIsEnvelope" && c.Expression.Contains("0x01", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(table.Checks, c => c.Name == "CK_ProviderCredential_KeyIdShape");
        // Text columns are the label and the key id only, both named and shaped as non-secrets.
        Assert.Equal(["KeyId", "Label"], table.Columns
            .Where(c => c.BaseType is "char" or "varchar" or "nchar" or "nvarchar")
            .Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Platform_app_is_denied_select_on_the_table_and_may_execute_the_five_procedures_only()
    {
        var denied = SecurityRules.Permissions(fixture.Model)
            .Where(p => p is { State: "DENY", Permission: "SELECT", Securable: Table })
            .Select(p => p.Grantee)
            .ToList();
        var granted = ProcedureRules.ExecutableByRole(fixture.Model)
            .Where(p => p.Key.Contains("ProviderCredential", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value);

        Assert.Contains("platform_app", denied);
        Assert.Equal(
            ["tenancy.GetProviderCredential", "tenancy.ListProviderCredentials", "tenancy.RevokeProviderCredential",
             "tenancy.RewrapProviderCredential", "tenancy.StoreProviderCredential"],
            granted.Keys.Order(StringComparer.Ordinal));
        Assert.All(granted.Values, roles => Assert.Equal(["platform_app"], roles));
    }

    [Theory]
    [InlineData("tenancy.ListProviderCredentials", "[WrappedDataKey]")]
    [InlineData("tenancy.ListProviderCredentials", "[Ciphertext]")]
    [InlineData("tenancy.ListProviderCredentialsByKeyId", "[Ciphertext]")]
    public void Metadata_and_rotation_procedures_never_select_what_they_do_not_need(string procedure, string column)
    {
        var script = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass)
            .Single(p => NameOf(p) == procedure)
            .GetScript();

        Assert.DoesNotContain(column, BodyWithoutComments(script), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_column_the_store_reads_is_selected_by_its_procedure()
    {
        // ProviderCredentialStore reads result columns by name; a column a procedure stops returning (or never returned,
        // like GetProviderCredential's Label before the label was bound into the associated data) only fails on a server.
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "PlatformDb.Cli", "Service", "ProviderSecrets", "ProviderCredentialStore.cs"));
        var calls = System.Text.RegularExpressions.Regex.Split(source, @"(?=RunAsync(?:<[^(]+>)?\(""tenancy\.)")
            .Select(chunk => System.Text.RegularExpressions.Regex.Match(chunk, @"^RunAsync(?:<[^(]+>)?\(""(tenancy\.\w+)""") is { Success: true } m
                ? (Procedure: m.Groups[1].Value, Columns: System.Text.RegularExpressions.Regex.Matches(chunk, @"(?:GetOrdinal\(|reader\[)""(\w+)""")
                    .Select(c => c.Groups[1].Value).Distinct().ToList())
                : (Procedure: "", Columns: []))
            .Where(c => c.Procedure.Length > 0)
            .ToList();

        Assert.Contains(calls, c => c.Procedure == "tenancy.GetProviderCredential" && c.Columns.Contains("Label"));
        Assert.Contains(calls, c => c.Procedure == "tenancy.ListProviderCredentials" && c.Columns.Contains("ProviderCode"));
        foreach (var (procedure, columns) in calls)
        {
            var body = BodyWithoutComments(fixture.Model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass)
                .Single(p => NameOf(p) == procedure).GetScript());
            var lastSelect = body[body.LastIndexOf("SELECT", StringComparison.OrdinalIgnoreCase)..];
            Assert.All(columns, column => Assert.Contains($"[{column}]", lastSelect, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string NameOf(TSqlObject obj) => $"{obj.Name.Parts[0]}.{obj.Name.Parts[1]}";

    /// <summary>The procedure text after its header comment (which may name the columns it leaves out).</summary>
    private static string BodyWithoutComments(string script)
    {
        var start = script.IndexOf("CREATE PROCEDURE", StringComparison.OrdinalIgnoreCase);
        return string.Join('\n', script[Math.Max(start, 0)..].Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
    }
}
