using Azure.Core;
using Azure.Identity;

namespace AuthFunctions.Storage;

/// <summary>
/// The app's one Azure credential, shared by Table Storage and Key Vault, so both sign in as the identity that
/// <c>AzureWebJobsStorage__credential</c> / <c>__clientId</c> name (the one infra gives the roles to).
/// Building it does no network I/O; the first token is fetched when a call needs it.
/// </summary>
internal static class StorageCredential
{
    public static TokenCredential Create(StorageSettings? settings)
    {
        var clientId = settings?.ClientId;
        if (settings is { UsesManagedIdentity: true })
        {
            var id = clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
            var managed = new ManagedIdentityCredentialOptions(id);
            Bound(managed);
            return new ManagedIdentityCredential(managed);
        }

        // In Azure: the managed identity whose client id is in AZURE_CLIENT_ID (the options default to it, so only an
        // explicit __clientId replaces it); locally: the Azure CLI / IDE sign-in.
        var options = new DefaultAzureCredentialOptions();
        if (clientId is not null)
        {
            options.ManagedIdentityClientId = clientId;
        }

        Bound(options);
        return new DefaultAzureCredential(options);
    }

    /// <summary>A token request that cannot be answered fails within seconds, so the call waiting on it fails closed.</summary>
    private static void Bound(TokenCredentialOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }
}
