namespace PlatformDb.Cli.Usage;

/// <summary>An organization the generator bills: its API keys and users (ids as the database gave them).</summary>
public sealed record UsageOrganization(int OrganizationId, IReadOnlyList<int> ApiKeyIds, IReadOnlyList<int> UserIds);

/// <summary>
/// The ids the generator may use. Order matters: the first organization is the biggest (Zipf rank 1), and so is the
/// first model.
/// </summary>
public sealed record UsageCatalog(IReadOnlyList<UsageOrganization> Organizations, IReadOnlyList<int> ModelIds)
{
    /// <summary>Ids 1..n for offline use: organization o owns keys and users numbered o*1000+1.. .</summary>
    public static UsageCatalog Synthetic(int organizations, int keysPerOrganization, int usersPerOrganization, int models) =>
        new(
            Enumerable.Range(1, organizations)
                .Select(o => new UsageOrganization(
                    o,
                    Enumerable.Range(1, keysPerOrganization).Select(k => (o * 1000) + k).ToArray(),
                    Enumerable.Range(1, usersPerOrganization).Select(u => (o * 1000) + u).ToArray()))
                .ToArray(),
            Enumerable.Range(1, models).ToArray());
}
