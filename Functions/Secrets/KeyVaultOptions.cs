namespace AuthFunctions.Secrets;

/// <summary>The <c>KeyVault</c> configuration section (app settings <c>KeyVault__*</c>). Setting <see cref="Uri"/> turns Key Vault on.</summary>
public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary>The vault, e.g. https://kv-name.vault.azure.net/. Empty: secrets come from configuration (local development).</summary>
    public string? Uri { get; set; }

    /// <summary>How long a fetched secret is used before it is fetched again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The secret holding the app JWT signing key (PEM); its previous version stays valid for verification.</summary>
    public string SigningKeySecretName { get; set; } = "app-signing-key";

    /// <summary>
    /// How long past its refresh a cached secret is still used while Key Vault cannot be reached (a warning is logged);
    /// after that, requests that need it answer 503.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>True when secrets come from Key Vault.</summary>
    internal bool IsEnabled => !string.IsNullOrWhiteSpace(Uri);

    /// <summary>The Key Vault secret holding a provider's client secret.</summary>
    public static string ClientSecretName(string providerId) => providerId + "-client-secret";
}
