namespace AuthFunctions.Secrets;

/// <summary>Where provider client secrets come from: Key Vault when <c>KeyVault__Uri</c> is set, configuration otherwise.</summary>
public interface ISecretStore
{
    /// <summary>The client secret; never empty. Throws <see cref="SecretUnavailableException"/> rather than return nothing.</summary>
    ValueTask<string> GetClientSecretAsync(string providerId, CancellationToken cancellationToken);

    /// <summary>
    /// After the provider refused <paramref name="rejected"/> (invalid_client: the secret was rotated), a fresher
    /// secret, or null when the store has none other than the rejected one.
    /// </summary>
    ValueTask<string?> RefreshClientSecretAsync(string providerId, string rejected, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>(null);
}

/// <summary>A secret could not be had; callers fail closed (503) instead of sending an empty secret.</summary>
public sealed class SecretUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
