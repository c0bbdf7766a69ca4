using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Secrets;

/// <summary>Registers where secrets come from: Key Vault when <c>KeyVault__Uri</c> is set, configuration otherwise.</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Key of the keyed services <see cref="TokenCredential"/> and <see cref="SecretClientOptions"/> the
    /// <see cref="SecretClient"/> is built from; tests replace them (a fixed token, a transport trusting a loopback vault).
    /// </summary>
    public const string KeyVaultServiceKey = "KeyVault";

    public static IServiceCollection AddSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>();
        services.AddOptions<KeyVaultOptions>()
            .BindConfiguration(KeyVaultOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();

        // The app's one credential (AddStorage builds it from the AzureWebJobsStorage__credential/__clientId settings), so
        // Key Vault signs in as the same identity as Table Storage. Nothing is asked of it before the first secret is needed.
        services.TryAddKeyedSingleton<TokenCredential>(KeyVaultServiceKey, (sp, _) => sp.GetRequiredService<TokenCredential>());
        services.TryAddKeyedSingleton(KeyVaultServiceKey, (_, _) => DefaultClientOptions());
        services.TryAddSingleton<KeyVaultSecrets>();
        services.TryAddSingleton<KeyVaultSecretStore>();
        services.TryAddSingleton<ConfigurationSecretStore>();
        services.TryAddSingleton<ISecretStore>(sp => sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.IsEnabled
            ? sp.GetRequiredService<KeyVaultSecretStore>()
            : sp.GetRequiredService<ConfigurationSecretStore>());
        return services;
    }

    /// <summary>Retries bounded so that a sign-in waiting on a read fails within seconds, not minutes.</summary>
    internal static SecretClientOptions DefaultClientOptions()
    {
        var options = new SecretClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }
}
