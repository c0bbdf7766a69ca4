using AuthFunctions.Core;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Secrets;

/// <summary>Client secrets from Key Vault: provider <c>&lt;id&gt;</c>'s secret is the Key Vault secret <c>&lt;id&gt;-client-secret</c>.</summary>
internal sealed class KeyVaultSecretStore : ISecretStore
{
    private readonly KeyVaultSecrets _vault;
    private readonly ILogger<KeyVaultSecretStore> _logger;

    public KeyVaultSecretStore(KeyVaultSecrets vault, IOptions<OAuthOptions> oauth, ILogger<KeyVaultSecretStore> logger)
    {
        _vault = vault;
        _logger = logger;
        foreach (var (id, settings) in oauth.Value.Providers)
        {
            if (!string.IsNullOrWhiteSpace(settings.ClientSecret))
            {
                SecretsLog.SettingIgnored(logger, $"OAuth__Providers__{id}__ClientSecret", KeyVaultOptions.ClientSecretName(id));
            }
        }
    }

    public async ValueTask<string> GetClientSecretAsync(string providerId, CancellationToken cancellationToken) =>
        (await _vault.GetAsync(KeyVaultOptions.ClientSecretName(providerId), cancellationToken).ConfigureAwait(false)).Value;

    public async ValueTask<string?> RefreshClientSecretAsync(string providerId, string rejected, CancellationToken cancellationToken)
    {
        var name = KeyVaultOptions.ClientSecretName(providerId);
        SecretsLog.ForcedRefresh(_logger, providerId, name);
        var fresh = await _vault.RefreshAsync(name, rejected, cancellationToken).ConfigureAwait(false);
        return string.Equals(fresh.Value, rejected, StringComparison.Ordinal) ? null : fresh.Value;
    }
}
