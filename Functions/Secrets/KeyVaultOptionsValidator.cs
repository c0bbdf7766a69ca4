using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Secrets;

/// <summary>Start-up validation of <c>KeyVault__*</c> (no network: the vault is first called when a secret is needed).</summary>
internal sealed partial class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        var errors = new List<string>();
        if (options.IsEnabled
            && (!Uri.TryCreate(options.Uri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            errors.Add("KeyVault__Uri: must be the vault's https URL, e.g. https://kv-name.vault.azure.net/");
        }

        if (options.RefreshInterval < TimeSpan.FromSeconds(1) || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            errors.Add("KeyVault__RefreshInterval: must be a TimeSpan from 00:00:01 to 1.00:00:00");
        }

        if (options.GracePeriod < TimeSpan.Zero || options.GracePeriod > TimeSpan.FromDays(7))
        {
            errors.Add("KeyVault__GracePeriod: must be a TimeSpan from 00:00:00 to 7.00:00:00");
        }

        if (!SecretName().IsMatch(options.SigningKeySecretName ?? string.Empty))
        {
            errors.Add("KeyVault__SigningKeySecretName: must be a Key Vault secret name (1-127 letters, digits and '-')");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Key Vault object names: https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#object-identifiers
    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex SecretName();
}
