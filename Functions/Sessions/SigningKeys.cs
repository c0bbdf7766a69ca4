using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AuthFunctions.Core;
using AuthFunctions.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Sessions;

/// <summary>
/// The ES256 keys of app access tokens, from one of three places (<see cref="SourceError"/> decides which are allowed):
/// the Key Vault secret <c>KeyVault__SigningKeySecretName</c> when <c>KeyVault__Uri</c> is set (current version signs,
/// current and previous enabled version verify, re-read every refresh interval); else <c>OAuth__SigningKey</c> (PEM);
/// else, in Development only, a key generated on first use (tokens then die with the process), with a warning.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    private readonly Lazy<SigningKeySet>? _fixed;
    private readonly Lazy<KeyVaultSecrets>? _vault;
    private readonly string _secretName = string.Empty;
    private readonly ILogger<SigningKeys> _logger;
    private readonly ConcurrentDictionary<string, ECDsaSecurityKey?> _vaultKeys = new(StringComparer.OrdinalIgnoreCase);
    private SigningKeySet? _vaultSet;

    public SigningKeys(IOptions<OAuthOptions> options, IOptions<KeyVaultOptions> keyVault, IServiceProvider services, ILogger<SigningKeys> logger)
    {
        _logger = logger;
        var pem = options.Value.SigningKey;
        if (keyVault.Value.IsEnabled)
        {
            _secretName = keyVault.Value.SigningKeySecretName;
            if (!string.IsNullOrWhiteSpace(pem))
            {
                SecretsLog.SettingIgnored(logger, "OAuth__SigningKey", _secretName);
            }

            // Resolved on first use only: an app on configuration secrets never builds a SecretClient.
            _vault = new Lazy<KeyVaultSecrets>(services.GetRequiredService<KeyVaultSecrets>);
            return;
        }

        _fixed = new Lazy<SigningKeySet>(() =>
        {
            ECDsa ecdsa;
            if (string.IsNullOrWhiteSpace(pem))
            {
                Log.GeneratedSigningKey(logger);
                ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            }
            else
            {
                // Start-up validation (Check) has already refused anything else.
                ecdsa = ImportP256(pem) ?? throw new InvalidOperationException("OAuth__SigningKey: not a P-256 PEM private key");
            }

            return new SigningKeySet(ToSecurityKey(ecdsa), null);
        });
    }

    /// <summary>The keys in force now. With Key Vault this reads the vault when the cached keys are due for a refresh.</summary>
    public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken)
    {
        if (_fixed is not null)
        {
            return ValueTask.FromResult(_fixed.Value);
        }

        var read = _vault!.Value.GetWithPreviousAsync(_secretName, cancellationToken);
        return read.IsCompletedSuccessfully ? ValueTask.FromResult(FromVault(read.Result)) : AwaitFromVault(read);
    }

    /// <summary>
    /// The one rule on where the signing key may come from, for start-up validation: a malformed <c>OAuth__SigningKey</c>
    /// is always an error; outside Development either <c>KeyVault__Uri</c> or <c>OAuth__SigningKey</c> must be set.
    /// </summary>
    public static string? SourceError(string? pem, bool keyVaultEnabled, bool isDevelopment)
    {
        if (Check(pem) is { } malformed)
        {
            return malformed;
        }

        return string.IsNullOrWhiteSpace(pem) && !keyVaultEnabled && !isDevelopment
            ? "OAuth__SigningKey: required outside Development unless KeyVault__Uri is set (a PEM P-256 private key; with Key Vault, the secret named by KeyVault__SigningKeySecretName)"
            : null;
    }

    /// <summary>Checks a PEM value at start-up so a bad key stops the app with a message naming the setting.</summary>
    public static string? Check(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        using var ecdsa = ImportP256(pem);
        return ecdsa is null ? "OAuth__SigningKey: not a P-256 (ES256) PEM private key (PKCS#8 or SEC1)" : null;
    }

    /// <summary>The P-256 key in a PEM value, or null when it is not one: the one place a signing key is parsed.</summary>
    private static ECDsa? ImportP256(string pem)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            if (ecdsa.KeySize == 256)
            {
                return ecdsa;
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // Not a PEM EC key: the caller reports it; the value itself is never logged.
        }

        ecdsa.Dispose();
        return null;
    }

    /// <summary>RFC 7638 JWK thumbprint: a stable kid that other backends can cache keys by.</summary>
    internal static string Thumbprint(ECParameters p)
    {
        var json = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoder.Encode(p.Q.X!)}\",\"y\":\"{Base64UrlEncoder.Encode(p.Q.Y!)}\"}}";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    public void Dispose()
    {
        if (_fixed is { IsValueCreated: true })
        {
            _fixed.Value.Current.ECDsa.Dispose();
        }

        foreach (var key in _vaultKeys.Values)
        {
            key?.ECDsa.Dispose();
        }
    }

    private async ValueTask<SigningKeySet> AwaitFromVault(ValueTask<VaultSecretVersions> read) => FromVault(await read.ConfigureAwait(false));

    /// <summary>The key set for what the vault holds; rebuilt only when the vault's answer changed.</summary>
    private SigningKeySet FromVault(VaultSecretVersions versions)
    {
        var last = Volatile.Read(ref _vaultSet);
        if (last is not null && ReferenceEquals(last.Source, versions))
        {
            return last;
        }

        var current = VaultKey(versions.Current)
            ?? throw new SecretUnavailableException($"Key Vault secret {versions.Current}: not a P-256 PEM private key");
        var previous = versions.Previous is { } p ? VaultKey(p) : null;
        var set = new SigningKeySet(current, previous) { Source = versions };
        Volatile.Write(ref _vaultSet, set);
        return set;
    }

    /// <summary>A version's key, parsed once per version (a version's value never changes); null when it is not a P-256 key.</summary>
    private ECDsaSecurityKey? VaultKey(VaultSecret secret) => _vaultKeys.GetOrAdd(secret.Version, _ =>
    {
        if (ImportP256(secret.Value) is { } ecdsa)
        {
            return ToSecurityKey(ecdsa);
        }

        SecretsLog.UnusableSigningKeyVersion(_logger, secret.Name, secret.Version);
        return null;
    });

    private static ECDsaSecurityKey ToSecurityKey(ECDsa ecdsa) => new(ecdsa) { KeyId = Thumbprint(ecdsa.ExportParameters(false)) };
}

/// <summary>The signing keys in force at one moment: the current key (signs), and the previous one during a rotation (verifies).</summary>
public sealed class SigningKeySet
{
    internal SigningKeySet(ECDsaSecurityKey current, ECDsaSecurityKey? previous)
    {
        Current = current;
        Previous = previous is null || previous.KeyId == current.KeyId ? null : previous;
        Validation = Previous is null ? [current] : [current, Previous];
        Jwks = new JwksDto([.. Validation.Cast<ECDsaSecurityKey>().Select(Jwk)]);
        Writer = new AppTokenWriter(current);
    }

    /// <summary>Signs new tokens.</summary>
    public ECDsaSecurityKey Current { get; }

    /// <summary>Writes tokens signed by <see cref="Current"/>; its header is encoded once per key, not once per token.</summary>
    internal AppTokenWriter Writer { get; }

    /// <summary>Still verifies tokens signed before the rotation; null outside a rotation.</summary>
    public ECDsaSecurityKey? Previous { get; }

    /// <summary>Keys tokens are accepted from: the current one first.</summary>
    public IReadOnlyList<SecurityKey> Validation { get; }

    /// <summary>The public half of <see cref="Validation"/> for <c>/api/auth/jwks</c>.</summary>
    public JwksDto Jwks { get; }

    /// <summary>The vault answer this set was built from (to rebuild only when it changes).</summary>
    internal object? Source { get; init; }

    private static JwkDto Jwk(ECDsaSecurityKey key)
    {
        var p = key.ECDsa.ExportParameters(false);
        return new JwkDto { X = Base64UrlEncoder.Encode(p.Q.X!), Y = Base64UrlEncoder.Encode(p.Q.Y!), Kid = key.KeyId };
    }
}
