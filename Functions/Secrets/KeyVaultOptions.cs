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
}
