using AuthFunctions.Core;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Secrets;

/// <summary>Client secrets from <c>OAuth__Providers__&lt;id&gt;__ClientSecret</c>: local development.</summary>
internal sealed class ConfigurationSecretStore(IOptions<OAuthOptions> options) : ISecretStore
{
    public ValueTask<string> GetClientSecretAsync(string providerId, CancellationToken cancellationToken)
    {
        var settings = options.Value.Providers.FirstOrDefault(
            kv => string.Equals(kv.Key, providerId, StringComparison.OrdinalIgnoreCase)).Value;
        var secret = settings?.ClientSecret;
        return string.IsNullOrWhiteSpace(secret)
            ? throw new SecretUnavailableException($"No client secret for provider '{providerId}' (OAuth__Providers__{providerId}__ClientSecret).")
            : ValueTask.FromResult(secret);
    }
}
