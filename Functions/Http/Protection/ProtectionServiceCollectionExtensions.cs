using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http.Protection;

/// <summary>Registers <see cref="RequireRoleAttribute"/>'s check; tokens are validated through the JWKS of <c>ApiAuth__Issuer</c>.</summary>
public static class ProtectionServiceCollectionExtensions
{
    /// <param name="services">The app's services.</param>
    /// <param name="issuerRequired">False only where another <see cref="IAppTokenValidator"/> is registered (the sign-in app itself).</param>
    public static IServiceCollection AddRoleProtection(this IServiceCollection services, bool issuerRequired = true)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<ApiAuthOptions>>(new ApiAuthOptionsValidator(issuerRequired));
        services.AddOptions<ApiAuthOptions>().BindConfiguration(ApiAuthOptions.Section, o => o.ErrorOnUnknownConfiguration = true).ValidateOnStart();
        services.AddHttpClient(JwksKeys.ClientName, c =>
            {
                c.Timeout = TimeSpan.FromSeconds(10);
                c.MaxResponseContentBufferSize = 256 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) });
        services.TryAddSingleton<JwksKeys>();
        services.TryAddSingleton<IAppTokenValidator, JwksTokenValidator>();
        services.TryAddSingleton<RoleGate>();
        services.TryAddSingleton<RequireRoleMiddleware>();
        return services;
    }
}
