using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthFunctions.Secrets;

/// <summary>Registers where secrets come from.</summary>
public static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ISecretStore, ConfigurationSecretStore>();
        return services;
    }
}
