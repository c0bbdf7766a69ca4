using AuthFunctions.SignIn;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace AuthFunctions.Http;

/// <summary>Registers the HTTP layer: the shared request path, the endpoints, and the SPA CORS policy.</summary>
public static class HttpServiceCollectionExtensions
{
    public static IServiceCollection AddAuthHttp(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<ReturnUrlPolicy>((cors, returnUrls) =>
            cors.AddPolicy(AuthHttp.SpaCorsPolicy, p => p
                .WithOrigins([.. returnUrls.AllowedOrigins])
                .WithMethods("GET", "POST")
                .WithHeaders("Content-Type", "Authorization", SessionCookie.CsrfHeader)
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddSingleton<AuthHttp>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<ProviderEndpoints>();
        services.AddSingleton<SessionEndpoints>();
        services.AddSingleton<DiscoveryEndpoints>();
        services.AddSingleton<DevSignInPage>();
        return services;
    }
}
