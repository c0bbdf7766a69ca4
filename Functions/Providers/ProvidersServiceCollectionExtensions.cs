using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Providers;

/// <summary>Registers the provider catalog, the enabled providers, and the HTTP client that talks to them.</summary>
public static class ProvidersServiceCollectionExtensions
{
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddSingleton(_ => ProviderCatalog.Embedded());
        services.AddSingleton<ProviderResolution>();
        services.AddSingleton(sp => sp.GetRequiredService<ProviderResolution>().Resolve(sp.GetRequiredService<IOptions<OAuthOptions>>().Value).Registry!);

        services.AddHttpClient(ProviderHttp.ClientName, c =>
            {
                c.Timeout = ProviderHttp.Timeout;
                c.MaxResponseContentBufferSize = ProviderHttp.MaxResponseBytes;
                // GitHub's API refuses requests without a User-Agent; everyone else ignores it.
                c.DefaultRequestHeaders.UserAgent.ParseAdd("AuthFunctions/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            // The factory's per-request logging handlers log full URLs (filtered off anyway) and cost a scope per call.
            .RemoveAllLoggers();

        services.AddSingleton<IProviderQuirk, MicrosoftTenantIssuer>();
        services.AddSingleton<GitHubOrganizations>();
        services.AddSingleton<IProviderQuirk>(sp => sp.GetRequiredService<GitHubOrganizations>());
        services.AddSingleton<IProviderQuirk, QqOpenId>();
        services.AddSingleton<IProviderQuirk, AppleUserField>();
        services.AddSingleton<IProviderQuirk, KakaoEmailValid>();
        services.AddSingleton<IProviderQuirk, YandexOAuthScheme>();
        services.AddSingleton<QuirkSet>();
        services.AddSingleton<OidcMetadataCache>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<DevProvider>();
        services.AddSingleton<Es256ClientSecret>();
        services.TryAddSingleton<AccessPolicy>();
        services.AddSingleton<ProviderClient>();
        return services;
    }
}
