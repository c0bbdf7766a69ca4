using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Secrets;

/// <summary>One version of a Key Vault secret. Its <see cref="ToString"/> leaves the value out, so logging it is safe.</summary>
internal sealed class VaultSecret(string name, string version, DateTimeOffset? createdOn, string value)
{
    public string Name { get; } = name;

    public string Version { get; } = version;

    public DateTimeOffset? CreatedOn { get; } = createdOn;

    public string Value { get; } = value;

    public override string ToString() => $"{Name}/{Version}";
}

/// <summary>The latest version of a secret and the enabled version before it (for key rotation).</summary>
internal sealed record VaultSecretVersions(VaultSecret Current, VaultSecret? Previous);

/// <summary>
/// Reads secrets through <see cref="SecretClient"/> and caches them (see <see cref="RefreshingValue{T}"/>). Every
/// failure — vault unreachable, 403, 404, throttled past the retries, no credential — becomes a
/// <see cref="SecretUnavailableException"/>, never an empty value.
/// </summary>
internal sealed class KeyVaultSecrets
{
    /// <summary>How many pages of versions (25 each) are read when looking for the previous version.</summary>
    private const int MaxVersionPages = 40;

    private readonly SecretClient _client;
    private readonly KeyVaultOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyVaultSecrets> _logger;
    private readonly ConcurrentDictionary<string, RefreshingValue<VaultSecret>> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RefreshingValue<VaultSecretVersions>> _withPrevious = new(StringComparer.OrdinalIgnoreCase);

    // A version's value never changes, so a previous version is read once.
    private readonly ConcurrentDictionary<string, VaultSecret> _byVersion = new(StringComparer.OrdinalIgnoreCase);

    public KeyVaultSecrets(
        IOptions<KeyVaultOptions> options,
        [FromKeyedServices(SecretsServiceCollectionExtensions.KeyVaultServiceKey)] TokenCredential credential,
        [FromKeyedServices(SecretsServiceCollectionExtensions.KeyVaultServiceKey)] SecretClientOptions clientOptions,
        TimeProvider time,
        ILogger<KeyVaultSecrets> logger)
    {
        _options = options.Value;
        if (!_options.IsEnabled)
        {
            throw new InvalidOperationException("KeyVault__Uri is not set.");
        }

        // Constructing the client calls nothing: the first request (and the credential's first token) comes with the first read.
        _client = new SecretClient(new Uri(_options.Uri!), credential, clientOptions);
        _time = time;
        _logger = logger;
    }

    /// <summary>The latest version of <paramref name="name"/>, cached for the refresh interval.</summary>
    public async ValueTask<VaultSecret> GetAsync(string name, CancellationToken cancellationToken) =>
        await Latest(name).GetAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Reads <paramref name="name"/> again unless the cached value already differs from <paramref name="rejectedValue"/>.</summary>
    public async ValueTask<VaultSecret> RefreshAsync(string name, string rejectedValue, CancellationToken cancellationToken) =>
        await Latest(name).RefreshAsync(s => string.Equals(s.Value, rejectedValue, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);

    /// <summary>The latest version and the previous enabled one, cached for the refresh interval.</summary>
    public async ValueTask<VaultSecretVersions> GetWithPreviousAsync(string name, CancellationToken cancellationToken) =>
        await _withPrevious.GetOrAdd(name, n => new RefreshingValue<VaultSecretVersions>(n, ct => FetchWithPreviousAsync(n, ct), _options, _time, _logger))
            .GetAsync(cancellationToken).ConfigureAwait(false);

    private RefreshingValue<VaultSecret> Latest(string name) =>
        _latest.GetOrAdd(name, n => new RefreshingValue<VaultSecret>(n, ct => FetchAsync(n, null, ct), _options, _time, _logger));

    private async Task<VaultSecret> FetchAsync(string name, string? version, CancellationToken cancellationToken)
    {
        var secret = await GuardAsync(name, async () =>
            (await _client.GetSecretAsync(name, version, cancellationToken).ConfigureAwait(false)).Value, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(secret.Value))
        {
            throw new SecretUnavailableException($"Key Vault secret {name} is empty.");
        }

        SecretsLog.Fetched(_logger, name, secret.Properties.Version);
        return new VaultSecret(name, secret.Properties.Version, secret.Properties.CreatedOn, secret.Value);
    }

    private async Task<VaultSecretVersions> FetchWithPreviousAsync(string name, CancellationToken cancellationToken)
    {
        var current = await FetchAsync(name, null, cancellationToken).ConfigureAwait(false);
        var previous = await GuardAsync(name, () => FindPreviousAsync(current, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (previous is null)
        {
            return new VaultSecretVersions(current, null);
        }

        var key = name + "/" + previous.Version;
        if (!_byVersion.TryGetValue(key, out var previousSecret))
        {
            previousSecret = await FetchAsync(name, previous.Version, cancellationToken).ConfigureAwait(false);
            _byVersion.Clear();
            _byVersion[key] = previousSecret;
        }

        return new VaultSecretVersions(current, previousSecret);
    }

    /// <summary>The newest enabled, unexpired version created before the current one (listing order is not guaranteed).</summary>
    private async Task<SecretProperties?> FindPreviousAsync(VaultSecret current, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        SecretProperties? previous = null;
        var pages = 0;
        await foreach (var page in _client.GetPropertiesOfSecretVersionsAsync(current.Name, cancellationToken).AsPages().ConfigureAwait(false))
        {
            foreach (var p in page.Values)
            {
                if (p.Enabled == true && p.CreatedOn is { } created && !string.Equals(p.Version, current.Version, StringComparison.OrdinalIgnoreCase)
                    && (current.CreatedOn is null || created <= current.CreatedOn) && (p.ExpiresOn is null || p.ExpiresOn > now)
                    && (previous is null || created > previous.CreatedOn))
                {
                    previous = p;
                }
            }

            if (++pages == MaxVersionPages && page.ContinuationToken is not null)
            {
                SecretsLog.TooManyVersions(_logger, current.Name, MaxVersionPages * 25);
                break;
            }
        }

        return previous;
    }

    /// <summary>Turns every way a vault call can fail into <see cref="SecretUnavailableException"/>; the message names no value.</summary>
    private static async Task<TResult> GuardAsync<TResult>(string name, Func<Task<TResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            var what = e.Status == 0 ? "no answer" : $"HTTP {e.Status}{(e.ErrorCode is null ? "" : " " + e.ErrorCode)}";
            throw new SecretUnavailableException($"Key Vault secret {name}: {what}", e);
        }
        catch (AuthenticationFailedException e)
        {
            // CredentialUnavailableException too: locally, no Azure CLI / IDE sign-in; in Azure, no managed identity.
            throw new SecretUnavailableException($"Key Vault secret {name}: no token for Key Vault ({e.GetType().Name})", e);
        }
        catch (AggregateException e)
        {
            // Azure.Core gives up after its retries with every attempt's exception in one AggregateException.
            throw new SecretUnavailableException($"Key Vault secret {name}: no answer after retries", e);
        }
        catch (OperationCanceledException e)
        {
            // Either the read's own time-out, or a single try's network time-out that Azure.Core did not retry.
            var what = cancellationToken.IsCancellationRequested ? $"no answer within {RefreshingValue<VaultSecret>.FetchTimeout.TotalSeconds:0} s" : "timed out";
            throw new SecretUnavailableException($"Key Vault secret {name}: {what}", e);
        }
        catch (InvalidOperationException e)
        {
            // E.g. the bearer challenge names a resource that is not the vault's domain.
            throw new SecretUnavailableException($"Key Vault secret {name}: {e.GetType().Name}", e);
        }
    }
}
