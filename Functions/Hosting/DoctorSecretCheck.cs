using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using Azure;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>
/// Asks the app's secret store for a provider's client secret, as a sign-in would, and says only whether it is
/// available, missing or unavailable and why. The value is dropped at once: it is never printed, logged or kept.
/// </summary>
internal sealed class DoctorSecretCheck(Func<ISecretStore> store, bool keyVault, OAuthOptions options)
{
    private const string Name = "client secret";

    public async Task<IReadOnlyList<DoctorCheck>> CheckAsync(ResolvedProvider provider, CancellationToken cancellationToken)
    {
        if (!provider.NeedsClientSecret)
        {
            return [DoctorCheck.Ok(Name, "not needed (public client with PKCE)")];
        }

        var setting = $"OAuth__Providers__{provider.Id}__ClientSecret";
        var vaultSecret = KeyVaultOptions.ClientSecretName(provider.Id);
        var source = keyVault ? $"Key Vault secret {vaultSecret}" : setting;
        var checks = new List<DoctorCheck>();
        if (keyVault && !string.IsNullOrWhiteSpace(options.Providers.GetValueOrDefault(provider.Id)?.ClientSecret))
        {
            checks.Add(new(DoctorStatus.Warn, setting, $"ignored: KeyVault__Uri is set, so the secret comes from the Key Vault secret {vaultSecret}"));
        }

        checks.Add(await AskAsync(provider.Id, source, setting, vaultSecret, cancellationToken).ConfigureAwait(false));
        return checks;
    }

    private async Task<DoctorCheck> AskAsync(string providerId, string source, string setting, string vaultSecret, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await store().GetClientSecretAsync(providerId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(secret)
                ? DoctorCheck.Fail(Name, $"missing: {source} is empty")
                : DoctorCheck.Ok(Name, $"available ({source})");
        }
        catch (SecretUnavailableException) when (!keyVault)
        {
            return DoctorCheck.Fail(Name, $"missing: set {setting} (local development) or KeyVault__Uri (the vault's secret {vaultSecret})");
        }
        catch (SecretUnavailableException e) when (e.InnerException is RequestFailedException { Status: 404 })
        {
            return DoctorCheck.Fail(Name, $"missing: the vault has no secret {vaultSecret}");
        }
        catch (SecretUnavailableException e)
        {
            // The store's messages name the secret and the failure, never a value (ISecretStore's contract).
            return DoctorCheck.Fail(Name, $"unavailable: {e.Message}");
        }
        catch (OptionsValidationException)
        {
            return DoctorCheck.Fail(Name, "unavailable: the secret store's settings are invalid (see App settings)");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail(Name, $"unavailable: {source}: no answer within the doctor's time limit");
        }
#pragma warning disable CA1031 // Any other failure is this check's verdict; its message is not shown, as it is not ours to vouch for.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return DoctorCheck.Fail(Name, $"unavailable: {source}: {e.GetType().Name}");
        }
    }
}
