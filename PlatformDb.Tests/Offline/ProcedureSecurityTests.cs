using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// docs/security.md on the built model: no caller-controlled clock in what a role may execute, internal …At procedures
/// granted to nobody, every service procedure scoped to the caller's organization. Each rule also flags a small model
/// that breaks it.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed class ProcedureSecurityTests(DacpacModelFixture fixture)
{
    private const string Role = "CREATE ROLE [svc] AUTHORIZATION [dbo];";

    [Fact]
    public void No_procedure_granted_to_a_role_takes_a_time_and_no_internal_At_procedure_is_granted()
    {
        Assert.Empty(ProcedureRules.GrantedProceduresWithTimeParameters(fixture.Model));
        Assert.Empty(ProcedureRules.GrantedInternalAtProcedures(fixture.Model));
    }

    [Fact]
    public void The_internal_At_procedures_exist_and_the_public_ones_are_granted_to_platform_app()
    {
        var granted = ProcedureRules.ExecutableByRole(fixture.Model);
        var procedures = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass)
            .Select(p => $"{p.Name.Parts[0]}.{p.Name.Parts[1]}").ToList();

        Assert.Contains("billing.ConsumeBudgetAt", procedures);
        Assert.Contains("identity.AuthenticateApiKeyAt", procedures);
        Assert.All(["billing.ConsumeBudget", "identity.AuthenticateApiKey", "identity.GrantApiKeyScope", "identity.RevokeApiKeyScope"],
            name => Assert.Contains("platform_app", granted[name]));
    }

    [Fact]
    public void Every_procedure_granted_to_platform_app_takes_the_organization_first() =>
        Assert.Empty(ProcedureRules.GrantedProceduresNotScopedToAnOrganization(fixture.Model));

    [Fact]
    public void Clock_rule_flags_a_granted_procedure_with_a_time_parameter()
    {
        using var model = Model(
            "CREATE PROCEDURE [app].[Use] @OrganizationId INT, @At DATETIME2(3) AS SET NOCOUNT ON;",
            "GRANT EXECUTE ON OBJECT::[app].[Use] TO [svc];");

        Assert.Equal(["app.Use (executable by svc) takes @At datetime2: a caller-controlled clock"],
            ProcedureRules.GrantedProceduresWithTimeParameters(model).ToList());
    }

    [Fact]
    public void Clock_rule_sees_a_schema_wide_grant_of_an_internal_At_procedure()
    {
        using var model = Model(
            "CREATE PROCEDURE [app].[UseAt] @OrganizationId INT, @At DATETIME2(3) AS SET NOCOUNT ON;",
            "GRANT EXECUTE ON SCHEMA::[app] TO [svc];");

        Assert.Equal(["app.UseAt takes the clock and must not be executable by svc"],
            ProcedureRules.GrantedInternalAtProcedures(model).ToList());
    }

    [Fact]
    public void Tenant_rule_flags_a_granted_procedure_without_the_organization_first()
    {
        using var model = Model(
            "CREATE PROCEDURE [app].[Use] @ThingId INT, @OrganizationId INT AS SET NOCOUNT ON;",
            "CREATE PROCEDURE [app].[Internal] @ThingId INT AS SET NOCOUNT ON;",
            "GRANT EXECUTE ON OBJECT::[app].[Use] TO [svc];");

        Assert.Equal(["app.Use must take @OrganizationId INT as its first parameter (has @ThingId int)"],
            ProcedureRules.GrantedProceduresNotScopedToAnOrganization(model).ToList());
    }

    private static TSqlModel Model(params string[] scripts)
    {
        var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var script in new[] { "CREATE SCHEMA [app];", Role }.Concat(scripts))
        {
            model.AddObjects(script, new TSqlObjectOptions());
        }

        var errors = model.Validate().Where(m => m.MessageType == DacMessageType.Error).ToList();
        Assert.True(errors.Count == 0, "Test model is invalid: " + string.Join("; ", errors.Select(e => e.Message)));
        return model;
    }
}
