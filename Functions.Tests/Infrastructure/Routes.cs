using AuthFunctions.Providers;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>Where a provider's function answers: catalog providers at <c>/api/auth/{id}</c>, providers added by settings under <c>/api/auth/custom/{id}</c>.</summary>
public static class Routes
{
    private static readonly HashSet<string> Catalog = [.. ProviderCatalog.Embedded().Ids];

    public static string Provider(string id) => Catalog.Contains(id) ? $"/api/auth/{id}" : $"/api/auth/custom/{id}";
}
