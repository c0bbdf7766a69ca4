using AuthFunctions.Http.Protection;
using AuthFunctions.SignIn;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace AuthFunctions.Http;

/// <summary>Registers the HTTP layer: the shared request path, the endpoints, and the SPA CORS policy.</summary>
public static class HttpServiceCollectionExtensions
{
    public static IServiceCollection AddAuthHttp(this IServiceCollection services, IConfiguration configuration)
    {
        // [RequireRole] on this app's functions: its own keys, unless ApiAuth__Issuer asks for JWKS like any other app.
        if (string.IsNullOrWhiteSpace(configuration[$"{ApiAuthOptions.Section}:{nameof(ApiAuthOptions.Issuer)}"]))
        {
            services.AddSingleton<IAppTokenValidator, LocalAppTokenValidator>();
        }

        services.AddSingleton<IRefusalHeaders, AuthRefusalHeaders>();
        services.AddRoleProtection(issuerRequired: false);
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<ReturnUrlPolicy>((cors, returnUrls) =>
            cors.AddPolicy(AuthHttp.SpaCorsPolicy, p => p
                .WithOrigins([.. returnUrls.AllowedOrigins])
                .WithMethods("GET", "POST", "DELETE")
                .WithHeaders("Content-Type", "Authorization", SessionCookie.CsrfHeader)
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddSingleton<AuthHttp>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<ProviderEndpoints>();
        services.AddSingleton<SessionEndpoints>();
        services.AddSingleton<UserEndpoints>();
        services.AddSingleton<DiscoveryEndpoints>();
        services.AddSingleton<DevSignInPage>();
        return services;
    }
}
