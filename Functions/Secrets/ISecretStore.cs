using AuthFunctions.Providers;

namespace AuthFunctions.Secrets;

/// <summary>Where provider client secrets come from (configuration now; Key Vault behind the same interface).</summary>
public interface ISecretStore
{
    /// <summary>The client secret; never empty. Throws <see cref="SecretUnavailableException"/> rather than return nothing.</summary>
    ValueTask<string> GetClientSecretAsync(ResolvedProvider provider, CancellationToken cancellationToken);
}

/// <summary>A secret could not be had; callers fail closed (503) instead of sending an empty secret.</summary>
public sealed class SecretUnavailableException(string message) : Exception(message);
